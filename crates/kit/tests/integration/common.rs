//! Helpers the modules of this test binary share.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The interview-kit repository this test is part of.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Runs the `kit` binary under test from the repository's root.
pub fn kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"))
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Pids of processes whose command line contains `marker`.
pub fn processes_with(marker: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|cmdline| String::from_utf8_lossy(&cmdline).contains(marker))
                .unwrap_or(false)
        })
        .collect()
}

/// A `--cmd` submission folder for `kit batch`: the Q1 Python reference
/// server and the `interview-kit.toml` that says how it runs (`command`).
pub fn q1_python_submission(cohort: &Path, name: &str, command: &str) {
    let dir = cohort.join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    std::fs::copy(
        repo_root().join("graders/q1-products/tests/servers/products.py"),
        dir.join("products.py"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(
        dir.join("interview-kit.toml"),
        format!("command = \"{command}\"\n"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
}
