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

/// Whether `path` is inside the kit's repository (the kit's own starters
/// and solutions, built in place).
pub fn is_inside(path: &Path) -> bool {
    match (root(), path.canonicalize()) {
        (Some(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// Where to build a crate: the kit's own crates in `target/sandbox` (the
/// sandboxed builds' target dir, apart from the workspace's own builds;
/// `KIT_OWN_CRATES_TARGET_DIR` names another, [`kit_harness::own_crates_target_dir`]); a
/// submission in a target dir of its own, named after its folder, so
/// re-grading it is quick and no other candidate's build ever writes
/// what it uses.
pub fn build_dir_for(crate_dir: &Path) -> Option<PathBuf> {
    let crate_dir = crate_dir.canonicalize().ok()?;
    let builds = match root() {
        Some(root) if crate_dir.starts_with(&root) => {
            return Some(kit_harness::own_crates_target_dir(&root));
        }
        Some(root) => root.join("target/submissions"),
        None => kit_harness::default_cargo_home().with_file_name("submissions"),
    };
    Some(builds.join(folder_key(&crate_dir)))
}

/// `<folder name>-<hash of its full path>`: readable, and distinct for two
/// candidates' folders of the same name.
fn folder_key(dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    let name: String = plain_name(dir, &[]).chars().take(40).collect();
    format!("{name}-{:016x}", hasher.finish())
}

/// The folder's own name with every character but ASCII letters, digits,
/// `-`, `_` and those in `also` replaced by `_`: safe in a path anywhere.
pub fn plain_name(dir: &Path, also: &[char]) -> String {
    dir.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || also.contains(&c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}
