//! A private copy of a submitted crate to build and measure, so that the
//! candidate's folder is never written to: cargo creates `Cargo.lock` next
//! to a manifest that has none, and candidate build scripts may write where
//! they run.

use std::path::{Path, PathBuf};

/// Build output, version control and tooling folders: not the candidate's
/// code, so never copied (and left out of `kit review`'s map of the files).
/// `.cargo` holds cargo configuration (a `rustc-wrapper`, a replaced
/// registry): the kit builds with the interviewer's settings only.
pub const SKIPPED_DIRS: &[&str] = &[
    "target",
    ".cargo",
    ".git",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".idea",
    ".vscode",
];
/// Files that would choose the toolchain: the kit builds with the
/// interviewer's (`rust-toolchain.toml` can name any `cargo` by path).
pub const SKIPPED_FILES: &[&str] = &["rust-toolchain", "rust-toolchain.toml"];
/// A crate larger than this (without the folders above) is refused.
pub const MAX_COPY_BYTES: u64 = 256 * 1024 * 1024;
/// A crate with more files than this is refused.
pub const MAX_COPY_FILES: usize = 20_000;

/// Copies the crate at `from` into the existing empty folder `into`. Regular
/// files and folders only: symlinks are left out (a submission may not make
/// the kit read outside its folder).
pub fn copy_crate(from: &Path, into: &Path) -> Result<(), String> {
    let mut bytes = 0_u64;
    let mut files = 0_usize;
    let mut pending = vec![(from.to_path_buf(), into.to_path_buf())];
    while let Some((source, destination)) = pending.pop() {
        let entries = std::fs::read_dir(&source)
            .map_err(|error| format!("cannot read {}: {error}", source.display()))?;
        for entry in entries {
            let entry =
                entry.map_err(|error| format!("cannot read {}: {error}", source.display()))?;
            let kind = entry
                .file_type()
                .map_err(|error| format!("{}: {error}", entry.path().display()))?;
            let name = entry.file_name();
            let to = destination.join(&name);
            if kind.is_dir() {
                if SKIPPED_DIRS.contains(&name.to_string_lossy().as_ref()) {
                    continue;
                }
                std::fs::create_dir(&to)
                    .map_err(|error| format!("cannot create {}: {error}", to.display()))?;
                pending.push((entry.path(), to));
            } else if kind.is_file() {
                if SKIPPED_FILES.contains(&name.to_string_lossy().as_ref()) {
                    continue;
                }
                files += 1;
                bytes += entry.metadata().map_or(0, |meta| meta.len());
                if files > MAX_COPY_FILES || bytes > MAX_COPY_BYTES {
                    return Err(format!(
                        "{} is too large to grade: more than {MAX_COPY_FILES} files or {} MiB \
                         (target/, .git/ and node_modules/ left out)",
                        from.display(),
                        MAX_COPY_BYTES / 1024 / 1024
                    ));
                }
                std::fs::copy(entry.path(), &to)
                    .map_err(|error| format!("cannot copy {}: {error}", entry.path().display()))?;
            }
        }
    }
    Ok(())
}

/// The private copy a submitted crate is built and measured from, and the
/// candidate's folder it stands for.
#[derive(Debug)]
pub struct PrivateCopy {
    original: PathBuf,
    place: Place,
}

#[derive(Debug)]
enum Place {
    /// Made here; removed when dropped.
    Owned(tempfile::TempDir),
    /// Made (and removed) by the process that started this one.
    Borrowed(PathBuf),
}

impl PrivateCopy {
    /// Copies the crate at `original` into a fresh temporary folder.
    pub fn make(original: &Path) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("kit-submission-")
            .tempdir()
            .map_err(|error| {
                format!("cannot create a folder to copy the submission into: {error}")
            })?;
        copy_crate(original, dir.path())?;
        Ok(PrivateCopy {
            original: original.to_path_buf(),
            place: Place::Owned(dir),
        })
    }

    /// A copy of `original` that another process made at `copy`.
    pub fn made_before(copy: &Path, original: &Path) -> Self {
        PrivateCopy {
            original: original.to_path_buf(),
            place: Place::Borrowed(copy.to_path_buf()),
        }
    }

    pub fn path(&self) -> &Path {
        match &self.place {
            Place::Owned(dir) => dir.path(),
            Place::Borrowed(path) => path,
        }
    }

    /// `text` (cargo's output, an error) naming the candidate's folder where
    /// it names the copy: the report shows what the interviewer gave.
    pub fn in_original_terms(&self, text: &str) -> String {
        text.replace(
            &self.path().display().to_string(),
            &self.original.display().to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_sources_and_leaves_out_build_output_symlinks_and_cargo_settings() {
        let from = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let into = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let write = |path: &str, text: &str| {
            let path = from.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
            }
            std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
        };
        write("Cargo.toml", "[package]");
        write("src/main.rs", "fn main() {}");
        write("src/routes/mod.rs", "");
        write("target/release/app", "binary");
        write(".git/HEAD", "ref");
        write(
            ".cargo/config.toml",
            "[build]\nrustc-wrapper = \"/tmp/evil\"",
        );
        write("rust-toolchain.toml", "[toolchain]\npath = \"/tmp/evil\"");
        write("rust-toolchain", "nightly");
        std::os::unix::fs::symlink("/etc/passwd", from.path().join("src/passwd"))
            .unwrap_or_else(|error| panic!("{error}"));

        copy_crate(from.path(), into.path()).unwrap_or_else(|error| panic!("{error}"));
        let exists = |path: &str| into.path().join(path).exists();
        assert!(exists("Cargo.toml") && exists("src/main.rs") && exists("src/routes/mod.rs"));
        assert!(!exists("target") && !exists(".git") && !exists("src/passwd"));
        assert!(!exists(".cargo") && !exists("rust-toolchain.toml") && !exists("rust-toolchain"));
    }

    #[test]
    fn a_private_copy_speaks_of_the_original_and_is_removed_when_dropped() {
        let from = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(from.path().join("Cargo.toml"), "[package]")
            .unwrap_or_else(|error| panic!("{error}"));
        let copy = PrivateCopy::make(from.path()).unwrap_or_else(|error| panic!("{error}"));
        let copied = copy.path().to_path_buf();
        assert!(copied.join("Cargo.toml").is_file());
        let message = format!(
            "error: failed to parse manifest at `{}/Cargo.toml`",
            copied.display()
        );
        assert_eq!(
            copy.in_original_terms(&message),
            format!(
                "error: failed to parse manifest at `{}/Cargo.toml`",
                from.path().display()
            )
        );
        drop(copy);
        assert!(!copied.exists());
    }
}
