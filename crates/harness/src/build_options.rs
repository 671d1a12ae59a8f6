//! How a cargo crate is built: bounds, folders, and where it is built from.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Names the folder the kit's own starters and solutions are built in
/// when graded, instead of the repository's `target/sandbox`: CI keeps it
/// between runs (`.ci/run`), so their release builds compile once per
/// machine rather than once per clone. Only the kit's own crates build
/// there; a candidate's build never shares a target dir.
const OWN_CRATES_TARGET_DIR_VAR: &str = "KIT_OWN_CRATES_TARGET_DIR";

/// Where the kit's own crates (those inside the repository at `repo_root`)
/// are built when graded: [`OWN_CRATES_TARGET_DIR_VAR`] when it names an
/// absolute path, else `<repo_root>/target/sandbox`, apart from the
/// workspace's own builds so neither invalidates the other.
pub fn own_crates_target_dir(repo_root: &Path) -> PathBuf {
    choose_own_crates_target_dir(std::env::var_os(OWN_CRATES_TARGET_DIR_VAR), repo_root)
}

fn choose_own_crates_target_dir(from_environment: Option<OsString>, repo_root: &Path) -> PathBuf {
    from_environment
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .unwrap_or_else(|| repo_root.join("target/sandbox"))
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Bound on the build; a first release build of an actix service takes minutes.
    pub timeout: Duration,
    /// Cargo's `--target-dir`; `None`: the crate's own `target/`. Never
    /// shared between two candidates' builds.
    pub target_dir: Option<PathBuf>,
    /// The kit-private cargo home dependencies are fetched into; `None`:
    /// [`crate::default_cargo_home`].
    pub cargo_home: Option<PathBuf>,
    /// The dependencies were fetched already (by [`crate::fetch_dependencies`],
    /// before entering a namespace without network): build offline only.
    pub fetched: bool,
    /// Where the crate is built from: in place, or a private copy.
    pub source: Source,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            timeout: Duration::from_secs(15 * 60),
            target_dir: None,
            cargo_home: None,
            fetched: false,
            source: Source::InPlace,
        }
    }
}

/// Where a cargo crate is built and measured from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Source {
    /// The crate's own folder: the kit's starters and solutions, which may
    /// write their `Cargo.lock` there.
    #[default]
    InPlace,
    /// A private copy made for this run and removed after it: a candidate's
    /// folder is never written to, and its `.cargo/` and `rust-toolchain*`
    /// are left out ([`crate::crate_copy`]).
    PrivateCopy,
    /// A private copy made by the process that started this one (`kit
    /// grade` copies and fetches with network, then grades without), which
    /// also removes it.
    CopiedBefore(PathBuf),
}

#[cfg(test)]
mod tests {
    use super::choose_own_crates_target_dir;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_kit_builds_its_own_crates_in_target_sandbox_unless_an_absolute_folder_is_named() {
        let repo = Path::new("/repo");
        assert_eq!(
            choose_own_crates_target_dir(None, repo),
            PathBuf::from("/repo/target/sandbox")
        );
        assert_eq!(
            choose_own_crates_target_dir(Some("/cache/own".into()), repo),
            PathBuf::from("/cache/own")
        );
        // A relative folder would depend on where the kit was started.
        assert_eq!(
            choose_own_crates_target_dir(Some("cache/own".into()), repo),
            PathBuf::from("/repo/target/sandbox")
        );
        assert_eq!(
            choose_own_crates_target_dir(Some("".into()), repo),
            PathBuf::from("/repo/target/sandbox")
        );
    }
}
