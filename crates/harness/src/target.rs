//! What is being graded, and how to turn it into something we can start.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cargo_build::{self, BuildError};
use crate::sandbox::Sandbox;

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

    /// Builds the target if it needs building; returns how to start it.
    pub async fn prepare(
        &self,
        options: &BuildOptions,
        sandbox: &Sandbox,
    ) -> Result<Prepared, BuildError> {
        match self {
            Target::Cargo { path } => cargo_build::build(path, options, sandbox).await,
            Target::Command { command, dir } => Ok(Prepared {
                launch: Launch {
                    program: PathBuf::from("sh"),
                    args: vec!["-c".to_owned(), command.clone()],
                    dir: Some(dir.clone()),
                },
                build_log: String::new(),
                build_duration: Duration::ZERO,
            }),
        }
    }
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
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            timeout: Duration::from_secs(15 * 60),
            target_dir: None,
            cargo_home: None,
            fetched: false,
        }
    }
}

/// How to start a prepared target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Working directory; `None` means the instance's fresh temporary folder.
    pub dir: Option<PathBuf>,
}

impl Launch {
    pub fn executable(path: &Path) -> Self {
        Launch {
            program: path.to_path_buf(),
            args: Vec::new(),
            dir: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Prepared {
    pub launch: Launch,
    /// The tail of the build's output (warnings an interviewer may want to see).
    pub build_log: String,
    pub build_duration: Duration,
}
