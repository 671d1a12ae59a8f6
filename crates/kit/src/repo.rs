//! Finding the interview-kit repository, for the default target (the starter).

use std::path::{Path, PathBuf};

/// The directory holding `relative` (e.g. `starters/q1-products`): looked for
/// from the current directory upward, then in the repository this kit was
/// built from.
pub fn locate(relative: &str) -> Option<PathBuf> {
    let here = std::env::current_dir().ok();
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.iter()
        .flat_map(|dir| dir.ancestors())
        .chain(std::iter::once(built_from.as_path()))
        .map(|root| root.join(relative))
        .find(|candidate| candidate.join("Cargo.toml").is_file())
}
