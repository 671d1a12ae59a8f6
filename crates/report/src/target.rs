//! What is being graded: a cargo crate, a project in another language, or a
//! command. How it becomes
//! something to start is the harness's business (`kit_harness::Preparation`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A submission: a cargo crate to build, a Python or Node project to install
/// and run, or any command that serves the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// A cargo crate directory, built with `cargo build --release`.
    Cargo { path: PathBuf },
    /// A shell command (`sh -c`), run from `dir` so that relative paths in the
    /// command (`python3 app.py`) mean what the interviewer typed.
    Command { command: String, dir: PathBuf },
    /// A project whose dependencies the kit installs (sandboxed, like a
    /// crate's) before running `command` from a private copy of `path`.
    Project {
        path: PathBuf,
        toolchain: Toolchain,
        command: String,
    },
}

/// How a [`Target::Project`]'s dependencies are installed and built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Toolchain {
    /// `requirements.txt` (or `pyproject.toml`'s dependencies) into a virtual
    /// environment, `.venv`.
    Python,
    /// `package.json` and its lock into `node_modules`, then `npm run build`
    /// when the project has one (TypeScript compiles there).
    Node,
}

impl Toolchain {
    /// For people: `Python`, `Node.js`.
    pub fn label(self) -> &'static str {
        match self {
            Toolchain::Python => "Python",
            Toolchain::Node => "Node.js",
        }
    }
}

impl Target {
    /// One line for headers and progress (`starters/q1-products`, `$ python3 app.py`).
    pub fn describe(&self) -> String {
        match self {
            Target::Cargo { path } => path.display().to_string(),
            Target::Command { command, .. } => format!("$ {command}"),
            Target::Project { path, .. } => path.display().to_string(),
        }
    }

    /// The submission's folder.
    pub fn folder(&self) -> &std::path::Path {
        match self {
            Target::Cargo { path } | Target::Project { path, .. } => path,
            Target::Command { dir, .. } => dir,
        }
    }
}
