//! What a submission is, whatever its folder is called or when its files
//! were touched: a SHA-256 of its files' relative paths and bytes, with its
//! symbolic links hashed as links (never followed: a link to `/etc` is
//! text, not the machine's files). A regrade of the same content finds the
//! same hash, so `kit batch` can keep a report made for it.
//!
//! Folders a build or an install makes (`target`, `node_modules`, virtual
//! environments, caches, `.git`) are not the submission and are left out.

use std::fs;
use std::io::{self, Read as _};
use std::path::Path;

use sha2::{Digest, Sha256};

/// Folder names left out at any depth.
pub const NOT_CONTENT: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".pytest_cache",
    ".mypy_cache",
];

/// Beyond this many files and folders, or bytes, the folder is not a
/// submission (`--cmd` run from a home folder, say) and is not hashed.
const MAX_ENTRIES: usize = 20_000;
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// `sha256:<64 hex digits>` of the submission in `dir`; an error when it
/// cannot be read or is larger than a submission ([`MAX_ENTRIES`],
/// [`MAX_BYTES`]).
pub fn content_hash(dir: &Path) -> io::Result<String> {
    hash_tree(dir, Selection::Everything)
}

/// `sha256:<64 hex digits>` of the cargo manifests and lock files
/// (`Cargo.toml`, `Cargo.lock`) in `dir`, with their relative paths: what
/// `cargo fetch` reads. An error when a symbolic link is found anywhere
/// (cargo would follow it to files this hash does not cover).
pub(crate) fn cargo_manifests_hash(dir: &Path) -> io::Result<String> {
    hash_tree(dir, Selection::CargoManifests)
}

/// Which files of the tree are hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selection {
    Everything,
    CargoManifests,
}

fn hash_tree(dir: &Path, selection: Selection) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut budget = Budget {
        entries: MAX_ENTRIES,
        bytes: MAX_BYTES,
    };
    hash_dir(dir, "", &mut hasher, &mut budget, selection)?;
    Ok(format!("sha256:{}", hex(&hasher.finalize())))
}

/// Bytes (a digest) in lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What is left to read before giving up.
struct Budget {
    entries: usize,
    bytes: u64,
}

fn hash_dir(
    dir: &Path,
    relative: &str,
    hasher: &mut Sha256,
    budget: &mut Budget,
    selection: Selection,
) -> io::Result<()> {
    let mut entries: Vec<(String, fs::DirEntry)> = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry)))
        .collect::<io::Result<_>>()?;
    entries.sort_by(|(a, _), (b, _)| a.cmp(b));
    for (name, entry) in entries {
        budget.entries = budget
            .entries
            .checked_sub(1)
            .ok_or_else(|| io::Error::other("too many files to be a submission"))?;
        let path = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        // `DirEntry::file_type` does not follow links.
        let kind = entry.file_type()?;
        let selected = match selection {
            Selection::Everything => true,
            Selection::CargoManifests => name == "Cargo.toml" || name == "Cargo.lock",
        };
        if kind.is_symlink() {
            if selection == Selection::CargoManifests {
                return Err(io::Error::other(format!("{path} is a symbolic link")));
            }
            let to = fs::read_link(entry.path())?;
            record(hasher, b'L', &path, to.to_string_lossy().as_bytes());
        } else if kind.is_dir() {
            if NOT_CONTENT.contains(&name.as_str()) {
                continue;
            }
            if selection == Selection::Everything {
                record(hasher, b'D', &path, &[]);
            }
            hash_dir(&entry.path(), &path, hasher, budget, selection)?;
        } else if kind.is_file() && selected {
            budget.bytes = budget
                .bytes
                .checked_sub(entry.metadata()?.len())
                .ok_or_else(|| io::Error::other("too many bytes to be a submission"))?;
            let mut bytes = Vec::new();
            fs::File::open(entry.path())?.read_to_end(&mut bytes)?;
            record(hasher, b'F', &path, &bytes);
        }
        // Sockets, fifos and devices carry no content.
    }
    Ok(())
}

/// Length-prefixed, so no two different trees hash the same bytes.
fn record(hasher: &mut Sha256, kind: u8, path: &str, bytes: &[u8]) {
    hasher.update([kind]);
    hasher.update((path.len() as u64).to_le_bytes());
    hasher.update(path.as_bytes());
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, path: &str, text: &str) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
        }
        fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
    }

    fn hash(dir: &Path) -> String {
        content_hash(dir).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn the_same_files_in_another_folder_hash_the_same() {
        let (one, other) = (tempfile::tempdir(), tempfile::tempdir());
        let (one, other) = (
            one.unwrap_or_else(|error| panic!("{error}")),
            other.unwrap_or_else(|error| panic!("{error}")),
        );
        for dir in [one.path(), other.path()] {
            write(dir, "src/main.rs", "fn main() {}\n");
            write(dir, "Cargo.toml", "[package]\n");
        }
        write(other.path(), "target/release/app", "built");
        write(other.path(), "node_modules/x/index.js", "installed");
        assert_eq!(hash(one.path()), hash(other.path()));
        assert!(hash(one.path()).starts_with("sha256:"));
        assert_eq!(hash(one.path()).len(), "sha256:".len() + 64);
    }

    #[test]
    fn a_changed_byte_a_renamed_file_or_a_moved_boundary_changes_the_hash() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        write(dir.path(), "a", "bc");
        let first = hash(dir.path());
        write(dir.path(), "a", "bd");
        let changed = hash(dir.path());
        fs::remove_file(dir.path().join("a")).unwrap_or_else(|error| panic!("{error}"));
        write(dir.path(), "ab", "c");
        let moved = hash(dir.path());
        assert_ne!(first, changed);
        assert_ne!(first, moved);
        assert_ne!(changed, moved);
    }

    #[test]
    fn a_link_is_hashed_as_its_target_path_and_never_followed() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        write(outside.path(), "secret", "one");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link"))
            .unwrap_or_else(|error| panic!("{error}"));
        let before = hash(dir.path());
        write(outside.path(), "secret", "two");
        assert_eq!(before, hash(dir.path()), "the link was followed");
    }
}
