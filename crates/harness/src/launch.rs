//! How to start a prepared target: a program, its arguments, its folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Working directory; `None` means the instance's fresh temporary folder.
    pub dir: Option<PathBuf>,
    /// Put first on the service's `PATH`: a project's `.venv/bin` or
    /// `node_modules/.bin`.
    #[serde(default)]
    pub bin_dir: Option<PathBuf>,
}

impl Launch {
    pub fn executable(path: &Path) -> Self {
        Launch {
            program: path.to_path_buf(),
            args: Vec::new(),
            dir: None,
            bin_dir: None,
        }
    }
}
