//! Dependencies compiled once per machine for each exercise, and copied
//! into a candidate's own build folder before its first build, so cargo
//! compiles only what differs from them: the candidate's crate (a Q1
//! crate's dependencies take minutes in release mode on 2 cores; the crate
//! itself, seconds).
//!
//! The cache is a release build of the exercise's starter: the kit's own
//! code, and the crate every candidate's `Cargo.lock` comes from (`kit
//! package`), so its dependencies are theirs. It is copied, never shared:
//! a candidate's build scripts can write only their own folder, so nothing
//! one candidate's build does reaches another's, or the cache.

use std::path::{Path, PathBuf};
use std::process::Command;

use kit_harness::{BuildOptions, Exercise, Sandbox, Source};

/// Written last into a finished cache: a cache without it is not used.
const COMPLETE: &str = ".interview-kit-complete";

/// `<repository>/target/dependency-cache/<exercise>`; `None` when the kit
/// runs outside its repository (no starter to build it from).
pub fn location(exercise: &Exercise) -> Option<PathBuf> {
    Some(
        crate::repo::root()?
            .join("target/dependency-cache")
            .join(exercise.name),
    )
}

/// Whether the exercise's cache is there, finished.
pub fn ready(exercise: &Exercise) -> bool {
    location(exercise).is_some_and(|cache| cache.join(COMPLETE).is_file())
}

/// The exercise's cache, built first if it is missing (a release build of
/// its starter, sandboxed as any build; minutes, once per machine).
pub async fn ensure(
    exercise: &Exercise,
    sandbox: &Sandbox,
    options: &BuildOptions,
) -> Result<PathBuf, String> {
    let cache = location(exercise).ok_or("the kit's repository was not found")?;
    if cache.join(COMPLETE).is_file() {
        return Ok(cache);
    }
    let starter =
        crate::repo::locate(exercise.starter_dir).ok_or("the exercise's starter was not found")?;
    // Built beside, then renamed: a half-built cache is never used, and a
    // second kit building it at the same time keeps the first one done.
    let building = cache.with_extension(format!("building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    let options = BuildOptions {
        target_dir: Some(building.clone()),
        source: Source::InPlace,
        fetched: false,
        ..options.clone()
    };
    let built = kit_harness::build_crate(&starter, &options, sandbox).await;
    if let Err(error) = built {
        let _ = std::fs::remove_dir_all(&building);
        return Err(format!("the starter did not build: {}", error.message));
    }
    std::fs::write(building.join(COMPLETE), "")
        .map_err(|error| format!("cannot write {}: {error}", building.display()))?;
    if std::fs::rename(&building, &cache).is_err() {
        let _ = std::fs::remove_dir_all(&building);
    }
    if cache.join(COMPLETE).is_file() {
        Ok(cache)
    } else {
        Err(format!("cannot move the cache to {}", cache.display()))
    }
}

/// Copies the exercise's cache, when there is one, into `build_dir` if that
/// is new (missing or empty); `Ok(true)` when it did.
pub fn seed(exercise: &Exercise, build_dir: &Path) -> Result<bool, String> {
    let Some(cache) = location(exercise).filter(|cache| cache.join(COMPLETE).is_file()) else {
        return Ok(false);
    };
    let is_new = std::fs::read_dir(build_dir).map_or(true, |mut entries| entries.next().is_none());
    if !is_new {
        return Ok(false);
    }
    std::fs::create_dir_all(build_dir)
        .map_err(|error| format!("cannot create {}: {error}", build_dir.display()))?;
    // cp keeps the modification times cargo's fingerprints compare, and
    // shares blocks where the file system can (reflink).
    let copied = Command::new("cp")
        .args(["-a", "--reflink=auto", "--"])
        .arg(cache.join("."))
        .arg(build_dir)
        .status()
        .map_err(|error| format!("cannot run cp: {error}"))?;
    if !copied.success() {
        let _ = std::fs::remove_dir_all(build_dir);
        return Err(format!("cp of the dependency cache failed ({copied})"));
    }
    let _ = std::fs::remove_file(build_dir.join(COMPLETE));
    Ok(true)
}
