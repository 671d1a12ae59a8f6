//! What is being graded: a cargo crate or a command. How it becomes
//! something to start is the harness's business (`kit_harness::Preparation`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A submission: a cargo crate to build, or any command that serves the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// A cargo crate directory, built with `cargo build --release`.
    Cargo { path: PathBuf },
    /// A shell command (`sh -c`), run from `dir` so that relative paths in the
    /// command (`python3 app.py`) mean what the interviewer typed.
    Command { command: String, dir: PathBuf },
}

impl Target {
    /// One line for headers and progress (`starters/q1-products`, `$ python3 app.py`).
    pub fn describe(&self) -> String {
        match self {
            Target::Cargo { path } => path.display().to_string(),
            Target::Command { command, .. } => format!("$ {command}"),
        }
    }
}
