//! `cargo fetch`es that need not run again: grading a crate whose manifests
//! and lock were fetched before (a regrade, a candidate's next commit)
//! skips its fetch, about a third of a second of a two-second grading.
//!
//! A fetch reads only the workspace's `Cargo.toml`s and `Cargo.lock` (no
//! candidate cargo config is ever read: see `sandboxed_cargo`). One that
//! succeeded and left the lock as it was proves the lock complete and
//! consistent with the manifests; the same bytes again, with every package
//! the lock names still in the cargo home's download cache, need nothing
//! from the network, and the offline build finds all it needs. Anything
//! else fetches as before: no record, a record older than a day (cargo's own
//! cache cleaning may have run since), a git dependency, a missing `.crate`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::content_hash::{cargo_manifests_hash, hex};

/// How long a record is trusted.
const FRESH_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The record of one workspace's manifests and lock, fetched by one toolchain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchRecord {
    path: PathBuf,
}

impl FetchRecord {
    /// The record the workspace at `source_root` would have; `None` when its
    /// manifests cannot be keyed (unreadable, too many files, a symbolic link).
    pub(crate) fn of(source_root: &Path, sysroot: &Path, cargo_home: &Path) -> Option<FetchRecord> {
        let manifests = cargo_manifests_hash(source_root).ok()?;
        let mut hasher = Sha256::new();
        hasher.update(manifests.as_bytes());
        hasher.update([0]);
        hasher.update(sysroot.as_os_str().as_encoded_bytes());
        Some(FetchRecord {
            path: cargo_home
                .join("interview-kit-fetched")
                .join(hex(&hasher.finalize())),
        })
    }

    /// Whether a fetch of exactly these manifests succeeded within the last
    /// day and every package the lock takes from a registry is still cached.
    pub(crate) fn covers(&self, source_root: &Path, cargo_home: &Path) -> bool {
        let fresh = fs::metadata(&self.path)
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|written| SystemTime::now().duration_since(written).ok())
            .is_some_and(|age| age < FRESH_FOR);
        fresh && lock_is_cached(&source_root.join("Cargo.lock"), cargo_home)
    }

    /// Records a fetch that succeeded and left the lock unchanged. A record
    /// that cannot be written only costs the next grading a fetch.
    pub(crate) fn write(&self) {
        if let Some(folder) = self.path.parent()
            && fs::create_dir_all(folder).is_ok()
        {
            let _ = fs::write(&self.path, b"");
        }
    }
}

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
    /// `None` for the workspace's own crates and path dependencies.
    source: Option<String>,
}

/// Whether every package of the lock is either the workspace's own or a
/// registry crate whose `.crate` file is in the download cache.
fn lock_is_cached(lock: &Path, cargo_home: &Path) -> bool {
    let Some(lock) = fs::read_to_string(lock)
        .ok()
        .and_then(|text| toml::from_str::<Lock>(&text).ok())
    else {
        return false;
    };
    let cached = cached_crate_files(cargo_home);
    lock.package.iter().all(|package| match &package.source {
        None => true,
        Some(source) if source.starts_with("registry+") || source.starts_with("sparse+") => {
            cached.contains(&format!("{}-{}.crate", package.name, package.version))
        }
        // git and other sources: let cargo fetch see to them.
        Some(_) => false,
    })
}

/// The names of the `.crate` files in every registry's download cache.
fn cached_crate_files(cargo_home: &Path) -> HashSet<String> {
    let Ok(registries) = fs::read_dir(cargo_home.join("registry/cache")) else {
        return HashSet::new();
    };
    registries
        .flatten()
        .filter_map(|registry| fs::read_dir(registry.path()).ok())
        .flatten()
        .flatten()
        .map(|file| file.file_name().to_string_lossy().into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["itoa"]

[[package]]
name = "itoa"
version = "1.0.15"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c"
"#;

    struct Fixture {
        workspace: tempfile::TempDir,
        cargo_home: tempfile::TempDir,
    }

    impl Fixture {
        fn new(lock: &str) -> Fixture {
            let workspace = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            let cargo_home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            let write = |path: PathBuf, text: &str| {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
                }
                fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
            };
            write(
                workspace.path().join("Cargo.toml"),
                "[package]\nname = \"app\"\n",
            );
            write(workspace.path().join("Cargo.lock"), lock);
            write(workspace.path().join("src/main.rs"), "fn main() {}\n");
            write(
                cargo_home
                    .path()
                    .join("registry/cache/index.crates.io-1949cf8c6b5b557f/itoa-1.0.15.crate"),
                "",
            );
            Fixture {
                workspace,
                cargo_home,
            }
        }

        fn record(&self) -> FetchRecord {
            FetchRecord::of(
                self.workspace.path(),
                Path::new("/toolchain"),
                self.cargo_home.path(),
            )
            .unwrap_or_else(|| panic!("the fixture's manifests must be keyed"))
        }

        fn covered(&self) -> bool {
            self.record()
                .covers(self.workspace.path(), self.cargo_home.path())
        }
    }

    #[test]
    fn a_recorded_fetch_whose_crates_are_cached_is_covered() {
        let fixture = Fixture::new(LOCK);
        assert!(!fixture.covered(), "nothing was recorded yet");
        fixture.record().write();
        assert!(fixture.covered());
    }

    #[test]
    fn sources_are_not_part_of_the_key_but_manifests_and_the_toolchain_are() {
        let fixture = Fixture::new(LOCK);
        let before = fixture.record();
        fs::write(
            fixture.workspace.path().join("src/main.rs"),
            "fn main() { }\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(fixture.record(), before, "a source change keeps the record");
        fs::write(
            fixture.workspace.path().join("Cargo.toml"),
            "[package]\nname = \"app\"\nversion = \"0.2.0\"\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_ne!(
            fixture.record(),
            before,
            "a manifest change is another record"
        );
        let other_toolchain = FetchRecord::of(
            fixture.workspace.path(),
            Path::new("/another/toolchain"),
            fixture.cargo_home.path(),
        );
        assert_ne!(other_toolchain, Some(fixture.record()));
    }

    #[test]
    fn a_crate_missing_from_the_cache_or_a_git_source_is_fetched_again() {
        let fixture = Fixture::new(LOCK);
        fixture.record().write();
        fs::remove_file(
            fixture
                .cargo_home
                .path()
                .join("registry/cache/index.crates.io-1949cf8c6b5b557f/itoa-1.0.15.crate"),
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert!(!fixture.covered(), "the .crate was cleaned away");

        let git = LOCK.replace(
            "registry+https://github.com/rust-lang/crates.io-index",
            "git+https://example.invalid/itoa#0123456",
        );
        let fixture = Fixture::new(&git);
        fixture.record().write();
        assert!(!fixture.covered(), "git dependencies are cargo fetch's");
    }

    #[test]
    fn a_stale_record_is_not_trusted() {
        let fixture = Fixture::new(LOCK);
        let record = fixture.record();
        record.write();
        let old = SystemTime::now() - FRESH_FOR - Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&record.path)
            .and_then(|file| file.set_modified(old))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(!fixture.covered());
    }

    #[test]
    fn a_manifest_behind_a_symbolic_link_has_no_record() {
        let fixture = Fixture::new(LOCK);
        let member = fixture.workspace.path().join("member");
        fs::create_dir_all(&member).unwrap_or_else(|error| panic!("{error}"));
        std::os::unix::fs::symlink("/etc/hostname", member.join("Cargo.toml"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            FetchRecord::of(
                fixture.workspace.path(),
                Path::new("/toolchain"),
                fixture.cargo_home.path()
            ),
            None
        );
    }
}
