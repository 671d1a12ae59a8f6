//! How a cargo crate is built: bounds, folders, and where it is built from.

use std::path::PathBuf;
use std::time::Duration;

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
