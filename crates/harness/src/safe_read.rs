//! Reading the files a service wrote in its run folder (its database, its
//! outbox) without following its links.
//!
//! The service is untrusted: it may replace the file the grader is about to
//! read with a symbolic link to `~/.ssh/id_rsa`, a FIFO that never answers
//! or a 50 GiB file, and what the grader reads can end up in a report the
//! candidate receives. Every path is therefore resolved beneath the run
//! folder (`root`) with `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`, so
//! that no component may be a link or leave the folder; only regular files
//! with a single name are read, and never more than a cap. On kernels
//! without `openat2` (before Linux 5.6) a slower check of each component
//! stands in.
//!
//! Errors name the path relative to `root` and never hold anything read
//! from a file, so a report can show them.

use std::ffi::OsStr;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Component, Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag, OpenHow, ResolveFlag, open, openat2};
use nix::sys::stat::{Mode, SFlag, fstatat};

/// The most entries [`list_beneath`] looks at in one folder.
pub const MAX_ENTRIES: usize = 10_000;

/// How many times `openat2` is retried when the kernel saw a concurrent
/// rename (`EAGAIN`) while resolving.
const RACE_RETRIES: usize = 8;

/// Why a file the service wrote was not read. The messages are meant for a
/// report: they name the path (relative to the run folder) and the reason,
/// never the content of any file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SafeReadError {
    /// The file (or a folder on its way) does not exist (yet).
    #[error("{path} does not exist")]
    NotFound { path: String },
    /// The file, or a folder on its way (`link`), is a symbolic link.
    #[error("{}", symlink_message(path, link))]
    Symlink { path: String, link: String },
    /// The path leads outside the run folder (`..`, or an absolute path
    /// elsewhere).
    #[error("{path} is outside the service's folder: the grader reads only files beneath it")]
    Escapes { path: String },
    /// A FIFO, socket, device or folder where a regular file was expected.
    #[error("{path} is a {kind}, not a regular file: the grader reads only regular files")]
    NotRegular { path: String, kind: &'static str },
    /// A file where a folder was expected (the listed folder, or one on the
    /// way to the file).
    #[error("{path} is not a folder")]
    NotDirectory { path: String },
    /// The file has other names: a hard link to a file made elsewhere.
    #[error(
        "{path} has {links} hard links: the grader does not read a file the service linked from elsewhere"
    )]
    HardLinked { path: String, links: u64 },
    #[error("{path} is {} ({size} bytes), more than the {} the grader reads", size_text(*size), size_text(*cap))]
    TooLarge { path: String, size: u64, cap: u64 },
    #[error("{path} holds more than {limit} entries: the grader lists at most {limit}")]
    TooManyEntries { path: String, limit: usize },
    /// The run folder itself cannot be opened.
    #[error("the service's folder cannot be opened: {message}")]
    Root { message: String },
    /// Any other error reading the file (e.g. permission denied).
    #[error("{path} cannot be read: {message}")]
    Io { path: String, message: String },
    /// Writing the grader's own copy failed: the grader's problem, not the
    /// service's.
    #[error("the grader cannot write its private copy of {path}: {message}")]
    Copy { path: String, message: String },
}

impl SafeReadError {
    /// Whether the grader (not the service) is at fault: its own copy could
    /// not be written.
    pub fn is_grader_side(&self) -> bool {
        matches!(self, SafeReadError::Copy { .. })
    }
}

fn symlink_message(path: &str, link: &str) -> String {
    if path == link {
        format!("{path} is a symbolic link: the grader does not follow links the service made")
    } else {
        format!(
            "{path} passes through {link}, a symbolic link: the grader does not follow links the service made"
        )
    }
}

fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const KIB: u64 = 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// How a path is resolved beneath the root: `openat2`, or (on kernels
/// without it, and in tests) component by component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolver {
    Openat2,
    Fallback,
}

/// Reads the regular file `path` (absolute under `root`, or relative to it),
/// refusing links, anything but a regular file, and files larger than `cap`
/// bytes. Never reads more than `cap` bytes, even if the file grows
/// meanwhile.
pub fn read_beneath(root: &Path, path: &Path, cap: u64) -> Result<Vec<u8>, SafeReadError> {
    read_with(root, path, cap, Resolver::Openat2)
}

/// The regular files directly in `dir` (beneath `root`, no component a
/// link), as `dir.join(name)`, sorted. Links, folders, FIFOs and other
/// special files are left out. A folder with more than [`MAX_ENTRIES`]
/// entries is refused.
pub fn list_beneath(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, SafeReadError> {
    list_with(root, dir, Resolver::Openat2)
}

/// Copies the regular file `path` (beneath `root`, as [`read_beneath`] reads
/// it) into `into`, a path of the grader's own. `Ok(false)` when `path` does
/// not exist.
pub fn copy_beneath(
    root: &Path,
    path: &Path,
    into: &Path,
    cap: u64,
) -> Result<bool, SafeReadError> {
    copy_with(root, path, into, cap, Resolver::Openat2)
}

fn read_with(
    root: &Path,
    path: &Path,
    cap: u64,
    resolver: Resolver,
) -> Result<Vec<u8>, SafeReadError> {
    let (file, metadata, shown) = open_regular(root, path, cap, resolver)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len().min(cap)).unwrap_or(0));
    (&file)
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(&shown, &error))?;
    check_not_grown(&file, &shown, cap)?;
    Ok(bytes)
}

fn copy_with(
    root: &Path,
    path: &Path,
    into: &Path,
    cap: u64,
    resolver: Resolver,
) -> Result<bool, SafeReadError> {
    let (file, _, shown) = match open_regular(root, path, cap, resolver) {
        Ok(opened) => opened,
        Err(SafeReadError::NotFound { .. }) => return Ok(false),
        Err(error) => return Err(error),
    };
    let copy_error = |error: io::Error| SafeReadError::Copy {
        path: shown.clone(),
        message: error.to_string(),
    };
    let mut out = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(into)
        .map_err(copy_error)?;
    let mut source = (&file).take(cap);
    let mut buffer = vec![0_u8; 64 * 1024];
    loop {
        let read = match source.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(io_error(&shown, &error)),
        };
        out.write_all(&buffer[..read]).map_err(copy_error)?;
    }
    out.flush().map_err(copy_error)?;
    check_not_grown(&file, &shown, cap)?;
    Ok(true)
}

fn list_with(root: &Path, dir: &Path, resolver: Resolver) -> Result<Vec<PathBuf>, SafeReadError> {
    let relative = relative_to(root, dir)?;
    let shown = show(&relative);
    let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC;
    let fd = open_at(root, &relative, flags, resolver)?;
    // The entries of exactly the folder opened above (its fd, through
    // /proc); without /proc, of the path, each name then checked in the
    // opened folder, so a folder swapped meanwhile adds no file.
    let entries = std::fs::read_dir(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .or_else(|_| std::fs::read_dir(root.join(&relative)))
        .map_err(|error| io_error(&shown, &error))?;
    let mut files = Vec::new();
    for (seen, entry) in entries.enumerate() {
        if seen >= MAX_ENTRIES {
            return Err(SafeReadError::TooManyEntries {
                path: shown,
                limit: MAX_ENTRIES,
            });
        }
        let entry = entry.map_err(|error| io_error(&shown, &error))?;
        let name = entry.file_name();
        // Removed meanwhile, or unreadable: not a file to list.
        let Ok(stat) = fstatat(&fd, name.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW) else {
            continue;
        };
        if SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT == SFlag::S_IFREG {
            files.push(dir.join(name));
        }
    }
    files.sort();
    Ok(files)
}

/// Opens `path` beneath `root` for reading and checks it is a regular file
/// with one name and at most `cap` bytes.
fn open_regular(
    root: &Path,
    path: &Path,
    cap: u64,
    resolver: Resolver,
) -> Result<(File, Metadata, String), SafeReadError> {
    let relative = relative_to(root, path)?;
    let shown = show(&relative);
    // Non-blocking: opening a FIFO must not wait for a writer.
    let flags = OFlag::O_RDONLY
        | OFlag::O_NOFOLLOW
        | OFlag::O_CLOEXEC
        | OFlag::O_NONBLOCK
        | OFlag::O_NOCTTY;
    let file = File::from(open_at(root, &relative, flags, resolver)?);
    let metadata = file.metadata().map_err(|error| io_error(&shown, &error))?;
    if !metadata.is_file() {
        return Err(SafeReadError::NotRegular {
            path: shown,
            kind: kind_name(&metadata),
        });
    }
    if metadata.nlink() > 1 {
        return Err(SafeReadError::HardLinked {
            path: shown,
            links: metadata.nlink(),
        });
    }
    if metadata.len() > cap {
        return Err(SafeReadError::TooLarge {
            path: shown,
            size: metadata.len(),
            cap,
        });
    }
    Ok((file, metadata, shown))
}

/// After reading at most `cap` bytes: a file that grew past `cap` meanwhile
/// was cut short, so it is refused rather than read in part.
fn check_not_grown(file: &File, shown: &str, cap: u64) -> Result<(), SafeReadError> {
    let size = file
        .metadata()
        .map_err(|error| io_error(shown, &error))?
        .len();
    if size > cap {
        return Err(SafeReadError::TooLarge {
            path: shown.to_owned(),
            size,
            cap,
        });
    }
    Ok(())
}

/// `path` as a plain relative path beneath `root`: no `..`, no root.
fn relative_to(root: &Path, path: &Path) -> Result<PathBuf, SafeReadError> {
    let escapes = || SafeReadError::Escapes {
        path: path.display().to_string(),
    };
    let relative = if path.is_absolute() {
        path.strip_prefix(root).map_err(|_| escapes())?
    } else {
        path
    };
    let mut clean = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => clean.push(name),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(escapes());
            }
        }
    }
    Ok(clean)
}

fn show(relative: &Path) -> String {
    if relative.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        relative.display().to_string()
    }
}

/// Opens `relative` beneath `root` with `flags` (plus `O_NOFOLLOW` and
/// `O_CLOEXEC`), no component a link, none leaving `root`.
fn open_at(
    root: &Path,
    relative: &Path,
    flags: OFlag,
    resolver: Resolver,
) -> Result<OwnedFd, SafeReadError> {
    let flags = flags | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC;
    if resolver == Resolver::Fallback {
        return open_fallback(root, relative, flags);
    }
    let root_fd = open(
        root,
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|errno| root_error(relative, errno))?;
    let target: &Path = if relative.as_os_str().is_empty() {
        Path::new(".")
    } else {
        relative
    };
    let how = OpenHow::new().flags(flags).resolve(
        ResolveFlag::RESOLVE_BENEATH
            | ResolveFlag::RESOLVE_NO_SYMLINKS
            | ResolveFlag::RESOLVE_NO_MAGICLINKS,
    );
    let mut last = Errno::EAGAIN;
    for _ in 0..RACE_RETRIES {
        match openat2(&root_fd, target, how) {
            Ok(fd) => return Ok(fd),
            Err(Errno::EAGAIN | Errno::EINTR) => last = Errno::EAGAIN,
            // No openat2 (Linux < 5.6), or a seccomp filter that refuses it.
            Err(Errno::ENOSYS | Errno::EPERM) => return open_fallback(root, relative, flags),
            Err(errno) => return Err(open_error(root, relative, errno)),
        }
    }
    Err(open_error(root, relative, last))
}

/// Without `openat2`: canonicalize the parent, require it beneath the
/// canonical root, open the last component with `O_NOFOLLOW`, and check
/// that no component between root and file is a link (before and after
/// opening, to narrow the window of a swap).
fn open_fallback(root: &Path, relative: &Path, flags: OFlag) -> Result<OwnedFd, SafeReadError> {
    let shown = show(relative);
    if let Some(error) = symlinked_component(root, relative) {
        return Err(error);
    }
    let canonical_root = std::fs::canonicalize(root).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => SafeReadError::NotFound {
            path: shown.clone(),
        },
        _ => SafeReadError::Root {
            message: error.to_string(),
        },
    })?;
    let full = root.join(relative);
    let (parent, name): (&Path, &OsStr) = match (full.parent(), relative.file_name()) {
        (Some(parent), Some(name)) => (parent, name),
        _ => (root, OsStr::new(".")),
    };
    let canonical_parent = std::fs::canonicalize(parent).map_err(|error| {
        match error.raw_os_error().map(Errno::from_raw) {
            Some(errno) => open_error(root, relative, errno),
            None => io_error(&shown, &error),
        }
    })?;
    if !canonical_parent.starts_with(&canonical_root) {
        return Err(SafeReadError::Escapes { path: shown });
    }
    let fd = open(&canonical_parent.join(name), flags, Mode::empty())
        .map_err(|errno| open_error(root, relative, errno))?;
    if let Some(error) = symlinked_component(root, relative) {
        return Err(error);
    }
    Ok(fd)
}

/// The first component of `relative` (from `root` down) that is a link.
fn symlinked_component(root: &Path, relative: &Path) -> Option<SafeReadError> {
    let mut prefix = PathBuf::new();
    for component in relative.components() {
        prefix.push(component);
        if std::fs::symlink_metadata(root.join(&prefix))
            .is_ok_and(|metadata| metadata.file_type().is_symlink())
        {
            return Some(SafeReadError::Symlink {
                path: show(relative),
                link: show(&prefix),
            });
        }
    }
    None
}

/// The first component of `relative` that exists and is not a folder.
fn first_non_directory(root: &Path, relative: &Path) -> Option<PathBuf> {
    let mut prefix = PathBuf::new();
    for component in relative.components() {
        prefix.push(component);
        if std::fs::symlink_metadata(root.join(&prefix)).is_ok_and(|metadata| !metadata.is_dir()) {
            return Some(prefix);
        }
    }
    None
}

fn root_error(relative: &Path, errno: Errno) -> SafeReadError {
    match errno {
        Errno::ENOENT => SafeReadError::NotFound {
            path: show(relative),
        },
        Errno::ELOOP | Errno::ENOTDIR => SafeReadError::Root {
            message: "it is not a folder (or is a symbolic link)".to_owned(),
        },
        errno => SafeReadError::Root {
            message: io::Error::from(errno).to_string(),
        },
    }
}

/// Words for an error `openat2` (or `open`) gave. Looking at the path again
/// only chooses the words: nothing is read through it.
fn open_error(root: &Path, relative: &Path, errno: Errno) -> SafeReadError {
    let shown = show(relative);
    match errno {
        Errno::ENOENT => SafeReadError::NotFound { path: shown },
        Errno::ELOOP => symlinked_component(root, relative).unwrap_or(SafeReadError::Symlink {
            path: shown.clone(),
            link: shown,
        }),
        Errno::EXDEV => SafeReadError::Escapes { path: shown },
        // Also what O_DIRECTORY | O_NOFOLLOW gives for a link.
        Errno::ENOTDIR => {
            symlinked_component(root, relative).unwrap_or_else(|| SafeReadError::NotDirectory {
                path: first_non_directory(root, relative)
                    .map(|prefix| show(&prefix))
                    .unwrap_or(shown),
            })
        }
        // A socket (or a device without a driver).
        Errno::ENXIO => SafeReadError::NotRegular {
            kind: std::fs::symlink_metadata(root.join(relative))
                .map(|metadata| kind_name(&metadata))
                .unwrap_or("special file"),
            path: shown,
        },
        errno => SafeReadError::Io {
            path: shown,
            message: io::Error::from(errno).to_string(),
        },
    }
}

fn io_error(shown: &str, error: &io::Error) -> SafeReadError {
    SafeReadError::Io {
        path: shown.to_owned(),
        message: error.to_string(),
    }
}

fn kind_name(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        "folder"
    } else if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_fifo() {
        "FIFO (named pipe)"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    const CANARY: &str = "CANARY-PRIVATE-KEY-5d1f0c";
    const BOTH: [Resolver; 2] = [Resolver::Openat2, Resolver::Fallback];

    /// A run folder, and beside it (outside) a folder holding a secret.
    struct Setup {
        root: tempfile::TempDir,
        outside: tempfile::TempDir,
    }

    impl Setup {
        fn new() -> Setup {
            let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            write(&outside.path().join("id_rsa"), CANARY);
            Setup { root, outside }
        }

        fn root(&self) -> &Path {
            self.root.path()
        }

        fn secret(&self) -> PathBuf {
            self.outside.path().join("id_rsa")
        }
    }

    fn write(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }

    fn mkdir(path: &Path) {
        std::fs::create_dir(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }

    fn link(target: &Path, at: &Path) {
        symlink(target, at).unwrap_or_else(|error| panic!("{}: {error}", at.display()));
    }

    fn fifo(at: &Path) {
        nix::unistd::mkfifo(at, Mode::S_IRUSR | Mode::S_IWUSR)
            .unwrap_or_else(|error| panic!("{}: {error}", at.display()));
    }

    fn refused(result: Result<Vec<u8>, SafeReadError>) -> SafeReadError {
        match result {
            Ok(bytes) => panic!("read {} bytes", bytes.len()),
            Err(error) => {
                assert!(
                    !error.to_string().contains(CANARY),
                    "the error shows the secret: {error}"
                );
                error
            }
        }
    }

    #[test]
    fn reads_a_regular_file_by_absolute_or_relative_path() {
        let setup = Setup::new();
        mkdir(&setup.root().join("outbox"));
        write(&setup.root().join("outbox/mail-1.eml"), "Subject: hi\n");
        for resolver in BOTH {
            for path in [
                setup.root().join("outbox/mail-1.eml"),
                PathBuf::from("outbox/mail-1.eml"),
                PathBuf::from("./outbox/./mail-1.eml"),
            ] {
                let bytes = read_with(setup.root(), &path, 1024, resolver)
                    .unwrap_or_else(|error| panic!("{resolver:?} {}: {error}", path.display()));
                assert_eq!(bytes, b"Subject: hi\n");
            }
        }
    }

    #[test]
    fn a_missing_file_is_not_found() {
        let setup = Setup::new();
        for resolver in BOTH {
            for path in ["data.db", "outbox/mail-1.eml"] {
                let error = refused(read_with(setup.root(), Path::new(path), 1024, resolver));
                assert_eq!(
                    error,
                    SafeReadError::NotFound {
                        path: path.to_owned()
                    },
                    "{resolver:?}"
                );
            }
        }
    }

    #[test]
    fn refuses_a_link_to_a_file_outside_without_showing_it() {
        let setup = Setup::new();
        mkdir(&setup.root().join("outbox"));
        link(&setup.secret(), &setup.root().join("outbox/mail-1.eml"));
        for resolver in BOTH {
            let error = refused(read_with(
                setup.root(),
                &setup.root().join("outbox/mail-1.eml"),
                1024,
                resolver,
            ));
            assert_eq!(
                error.to_string(),
                "outbox/mail-1.eml is a symbolic link: the grader does not follow links the service made",
                "{resolver:?}"
            );
        }
    }

    #[test]
    fn refuses_a_link_inside_the_folder_too() {
        let setup = Setup::new();
        write(&setup.root().join("real.eml"), "hello");
        link(Path::new("real.eml"), &setup.root().join("alias.eml"));
        for resolver in BOTH {
            let error = refused(read_with(
                setup.root(),
                Path::new("alias.eml"),
                1024,
                resolver,
            ));
            assert!(
                matches!(error, SafeReadError::Symlink { .. }),
                "{resolver:?}: {error}"
            );
        }
    }

    #[test]
    fn refuses_a_linked_folder_on_the_way() {
        let setup = Setup::new();
        link(setup.outside.path(), &setup.root().join("outbox"));
        for resolver in BOTH {
            let error = refused(read_with(
                setup.root(),
                &setup.root().join("outbox/id_rsa"),
                1024,
                resolver,
            ));
            assert_eq!(
                error.to_string(),
                "outbox/id_rsa passes through outbox, a symbolic link: the grader does not follow links the service made",
                "{resolver:?}"
            );
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let setup = Setup::new();
        let name = setup
            .outside
            .path()
            .file_name()
            .unwrap_or_else(|| panic!("no name"));
        let escapes = [
            PathBuf::from("..").join(name).join("id_rsa"),
            setup.root().join("..").join(name).join("id_rsa"),
            setup.secret(),
            PathBuf::from("outbox/../../etc/passwd"),
        ];
        for resolver in BOTH {
            for path in &escapes {
                let error = refused(read_with(setup.root(), path, 1024, resolver));
                assert!(
                    matches!(error, SafeReadError::Escapes { .. }),
                    "{resolver:?} {}: {error}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn a_fifo_is_refused_at_once() {
        let setup = Setup::new();
        fifo(&setup.root().join("mail.eml"));
        for resolver in BOTH {
            let root = setup.root().to_path_buf();
            let (send, receive) = mpsc::channel();
            std::thread::spawn(move || {
                let _ = send.send(read_with(&root, Path::new("mail.eml"), 1024, resolver));
            });
            let result = receive
                .recv_timeout(Duration::from_secs(5))
                .unwrap_or_else(|_| panic!("{resolver:?}: reading a FIFO hung"));
            let error = refused(result);
            assert_eq!(
                error.to_string(),
                "mail.eml is a FIFO (named pipe), not a regular file: the grader reads only regular files"
            );
        }
    }

    #[test]
    fn a_folder_is_not_a_regular_file() {
        let setup = Setup::new();
        mkdir(&setup.root().join("data.db"));
        let error = refused(read_beneath(setup.root(), Path::new("data.db"), 1024));
        assert!(
            matches!(error, SafeReadError::NotRegular { kind: "folder", .. }),
            "{error}"
        );
    }

    #[test]
    fn refuses_a_hard_link() {
        let setup = Setup::new();
        let inside = setup.root().join("mail.eml");
        // Within the run folder: a hard link across file systems is not
        // possible, and what matters is the link count.
        write(&setup.root().join("original"), CANARY);
        std::fs::hard_link(setup.root().join("original"), &inside)
            .unwrap_or_else(|error| panic!("{error}"));
        let error = refused(read_beneath(setup.root(), &inside, 1024));
        assert_eq!(
            error.to_string(),
            "mail.eml has 2 hard links: the grader does not read a file the service linked from elsewhere"
        );
    }

    #[test]
    fn refuses_a_file_over_the_cap() {
        let setup = Setup::new();
        write(&setup.root().join("big.eml"), &"x".repeat(2048));
        let error = refused(read_beneath(setup.root(), Path::new("big.eml"), 1024));
        assert_eq!(
            error.to_string(),
            "big.eml is 2 KiB (2048 bytes), more than the 1 KiB the grader reads"
        );
        let bytes = read_beneath(setup.root(), Path::new("big.eml"), 2048)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(bytes.len(), 2048);
    }

    #[test]
    fn lists_regular_files_only() {
        let setup = Setup::new();
        let outbox = setup.root().join("outbox");
        mkdir(&outbox);
        write(&outbox.join("b.eml"), "b");
        write(&outbox.join("a.eml"), "a");
        write(&outbox.join(".a.eml.tmp"), "a");
        link(&setup.secret(), &outbox.join("c.eml"));
        link(&outbox.join("a.eml"), &outbox.join("d.eml"));
        fifo(&outbox.join("e.eml"));
        mkdir(&outbox.join("f"));
        for resolver in BOTH {
            let files = list_with(setup.root(), &outbox, resolver)
                .unwrap_or_else(|error| panic!("{resolver:?}: {error}"));
            assert_eq!(
                files,
                vec![
                    outbox.join(".a.eml.tmp"),
                    outbox.join("a.eml"),
                    outbox.join("b.eml"),
                ],
                "{resolver:?}"
            );
            let relative = list_with(setup.root(), Path::new("outbox"), resolver)
                .unwrap_or_else(|error| panic!("{resolver:?}: {error}"));
            assert_eq!(relative[2], Path::new("outbox/b.eml"));
        }
    }

    #[test]
    fn refuses_to_list_a_linked_or_missing_folder() {
        let setup = Setup::new();
        link(setup.outside.path(), &setup.root().join("outbox"));
        for resolver in BOTH {
            let error = list_with(setup.root(), &setup.root().join("outbox"), resolver)
                .err()
                .unwrap_or_else(|| panic!("{resolver:?}: listed"));
            assert_eq!(
                error.to_string(),
                "outbox is a symbolic link: the grader does not follow links the service made",
                "{resolver:?}"
            );
            let error = list_with(setup.root(), Path::new("missing"), resolver)
                .err()
                .unwrap_or_else(|| panic!("{resolver:?}: listed"));
            assert_eq!(
                error,
                SafeReadError::NotFound {
                    path: "missing".to_owned()
                }
            );
        }
        write(&setup.root().join("file"), "x");
        let error = list_beneath(setup.root(), Path::new("file"))
            .err()
            .unwrap_or_else(|| panic!("listed"));
        assert_eq!(error.to_string(), "file is not a folder");
    }

    #[test]
    fn refuses_a_folder_with_too_many_entries() {
        let setup = Setup::new();
        let dir = setup.root().join("outbox");
        mkdir(&dir);
        for index in 0..=MAX_ENTRIES {
            File::create(dir.join(index.to_string())).unwrap_or_else(|error| panic!("{error}"));
        }
        let error = list_beneath(setup.root(), &dir)
            .err()
            .unwrap_or_else(|| panic!("listed"));
        assert!(
            matches!(error, SafeReadError::TooManyEntries { .. }),
            "{error}"
        );
    }

    #[test]
    fn copies_a_file_and_tells_a_missing_one() {
        let setup = Setup::new();
        let into = setup.outside.path().join("copy");
        write(&setup.root().join("data.db"), "database");
        for resolver in BOTH {
            let copied = copy_with(setup.root(), Path::new("data.db"), &into, 1024, resolver)
                .unwrap_or_else(|error| panic!("{error}"));
            assert!(copied);
            assert_eq!(
                std::fs::read_to_string(&into).unwrap_or_else(|error| panic!("{error}")),
                "database"
            );
            let copied = copy_with(
                setup.root(),
                Path::new("data.db-wal"),
                &into,
                1024,
                resolver,
            )
            .unwrap_or_else(|error| panic!("{error}"));
            assert!(!copied);
        }
        link(&setup.secret(), &setup.root().join("linked.db"));
        let error = copy_beneath(setup.root(), Path::new("linked.db"), &into, 1024)
            .err()
            .unwrap_or_else(|| panic!("copied"));
        assert!(matches!(error, SafeReadError::Symlink { .. }), "{error}");
        assert!(!error.to_string().contains(CANARY));
    }
}
