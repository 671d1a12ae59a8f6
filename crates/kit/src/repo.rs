//! Finding the interview-kit repository: for the default target (the
//! starter) and for the shared build cache of submissions.

use std::path::{Path, PathBuf};

/// The kit's repository: from the current directory upward, else the
/// repository this kit was built from.
pub fn root() -> Option<PathBuf> {
    let here = std::env::current_dir().ok();
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.iter()
        .flat_map(|dir| dir.ancestors())
        .chain(std::iter::once(built_from.as_path()))
        .find(|dir| {
            dir.join("crates/harness/Cargo.toml").is_file() && dir.join("Cargo.toml").is_file()
        })
        .and_then(|dir| dir.canonicalize().ok())
}

/// The directory holding `relative` (e.g. `starters/q1-products`) in the kit's repository.
pub fn locate(relative: &str) -> Option<PathBuf> {
    root()
        .map(|root| root.join(relative))
        .filter(|candidate| candidate.join("Cargo.toml").is_file())
}

/// Where to build a crate that lives outside the kit's repository: the kit's
/// `target/submissions`, so nothing is written into the candidate's folder
/// and dependencies are compiled once for every candidate. `None` for the
/// kit's own crates, which build in the workspace's target dir.
pub fn build_dir_for(crate_dir: &Path) -> Option<PathBuf> {
    let root = root()?;
    let crate_dir = crate_dir.canonicalize().ok()?;
    (!crate_dir.starts_with(&root)).then(|| root.join("target/submissions"))
}
