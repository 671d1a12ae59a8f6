//! The sandbox every process that runs candidate code starts in: the
//! build (`cargo fetch`, `cargo build`, the code signals' clippy and
//! tests) and every service instance.
//!
//! Inside: system folders read-only, the folders the [`Jail`] names, an
//! empty home folder (but for toolchains on `PATH`), no network or the
//! caller's (a private namespace under `cargo kit grade`), its own PID namespace
//! (nothing it starts outlives it), no capabilities, and rlimits. The threat
//! model and what is not contained are in docs/security.md.

mod bubblewrap;
mod exposure;
mod limits;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tokio::process::Command;

pub use exposure::toolchains_under_home;
pub use kit_report::sandbox::{Limits, SandboxInfo};

use crate::sidecar::find_program;

/// How strictly to sandbox (`cargo kit grade --sandbox`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SandboxMode {
    /// The strongest mechanism available; without one, grade anyway and
    /// say so in the terminal and the report.
    #[default]
    Auto,
    /// Refuse to run candidate code without a sandbox.
    Require,
    /// Run candidate code with the interviewer's privileges (trusted code only).
    Off,
}

/// What the sandboxed process may reach over the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// A network namespace of its own: its loopback, nothing else.
    Isolated,
    /// The caller's namespace: under `cargo kit grade` a private one holding only
    /// the grader and the services; when fetching, the host's.
    Inherited,
}

/// One sandboxed process's view of the machine.
#[derive(Debug, Clone)]
pub struct Jail {
    pub read_only: Vec<PathBuf>,
    pub writable: Vec<PathBuf>,
    pub network: Network,
    pub limits: Limits,
    /// Working directory (must be visible inside).
    pub dir: PathBuf,
}

impl Jail {
    /// The same jail with every path absolute and free of symlinks: bind
    /// mounts need real paths, and a relative path would mean something
    /// else inside.
    fn absolute(&self) -> Jail {
        let real = |path: &PathBuf| {
            path.canonicalize()
                .or_else(|_| std::path::absolute(path))
                .unwrap_or_else(|_| path.clone())
        };
        Jail {
            read_only: self.read_only.iter().map(real).collect(),
            writable: self.writable.iter().map(real).collect(),
            network: self.network,
            limits: self.limits,
            dir: real(&self.dir),
        }
    }
}

/// The sandbox settings a run is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOptions {
    pub mode: SandboxMode,
    pub service_limits: Limits,
    pub build_limits: Limits,
    /// The caller runs in a network namespace of its own (`cargo kit grade` sets
    /// this in the grading phase): services sharing it reach nothing but
    /// the grader.
    pub private_network: bool,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            mode: SandboxMode::Auto,
            service_limits: Limits::SERVICE,
            build_limits: Limits::BUILD,
            private_network: false,
        }
    }
}

/// A resolved sandbox: the mechanism that will be used, or why none is.
#[derive(Debug, Clone)]
pub struct Sandbox {
    mechanism: Mechanism,
    options: SandboxOptions,
    home: Option<PathBuf>,
    /// Toolchain folders under `$HOME` made visible read-only.
    exposed: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
enum Mechanism {
    Bubblewrap {
        bwrap: PathBuf,
        prlimit: PathBuf,
        version: String,
        as_root: bool,
    },
    Unconfined {
        reason: String,
    },
}

/// The probe's verdict, once per process: starting a sandbox costs a few
/// milliseconds, but every run would pay it.
static BUBBLEWRAP: OnceLock<Result<(PathBuf, PathBuf, String), String>> = OnceLock::new();

fn bubblewrap_available(as_root: bool) -> Result<(PathBuf, PathBuf, String), String> {
    BUBBLEWRAP
        .get_or_init(|| {
            let bwrap = find_program("bwrap").ok_or_else(|| {
                "bubblewrap is not installed (Debian and Ubuntu: `sudo apt-get install \
                 bubblewrap`; Fedora: `sudo dnf install bubblewrap`; Arch: `sudo pacman -S \
                 bubblewrap`)"
                    .to_owned()
            })?;
            let prlimit = find_program("prlimit").ok_or_else(|| {
                "prlimit (util-linux) is not installed: it applies the sandbox's limits".to_owned()
            })?;
            bubblewrap::probe(&bwrap, &prlimit, as_root)?;
            let version = bubblewrap::version(&bwrap).unwrap_or_else(|| "?".to_owned());
            Ok((bwrap, prlimit, version))
        })
        .clone()
}

impl Sandbox {
    /// The sandbox `options` ask for on this machine. `Err` only for
    /// [`SandboxMode::Require`] without a working mechanism, with the reason
    /// and what to do.
    pub fn resolve(options: &SandboxOptions) -> Result<Sandbox, String> {
        let as_root = nix::unistd::geteuid().is_root();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let mechanism = match options.mode {
            SandboxMode::Off => Mechanism::Unconfined {
                reason: "the sandbox was turned off (--sandbox off)".to_owned(),
            },
            SandboxMode::Auto | SandboxMode::Require => match bubblewrap_available(as_root) {
                Ok((bwrap, prlimit, version)) => Mechanism::Bubblewrap {
                    bwrap,
                    prlimit,
                    version,
                    as_root,
                },
                Err(reason) if options.mode == SandboxMode::Require => {
                    return Err(format!("no sandbox (--sandbox require): {reason}"));
                }
                Err(reason) => Mechanism::Unconfined { reason },
            },
        };
        let exposed = match (&mechanism, &home, std::env::var("PATH")) {
            (Mechanism::Bubblewrap { .. }, Some(home), Ok(path)) => {
                toolchains_under_home(home, &path)
            }
            _ => Vec::new(),
        };
        Ok(Sandbox {
            mechanism,
            options: options.clone(),
            home,
            exposed,
        })
    }

    /// No sandbox at all, for trusted programs and the harness's own tests.
    pub fn unconfined(reason: &str) -> Sandbox {
        Sandbox {
            mechanism: Mechanism::Unconfined {
                reason: reason.to_owned(),
            },
            options: SandboxOptions {
                mode: SandboxMode::Off,
                ..SandboxOptions::default()
            },
            home: None,
            exposed: Vec::new(),
        }
    }

    pub fn is_confined(&self) -> bool {
        matches!(self.mechanism, Mechanism::Bubblewrap { .. })
    }

    pub fn options(&self) -> &SandboxOptions {
        &self.options
    }

    /// Why candidate code runs unconfined, when it does.
    pub fn warning(&self) -> Option<String> {
        match &self.mechanism {
            Mechanism::Bubblewrap { .. } => None,
            Mechanism::Unconfined { reason } => Some(format!(
                "candidate code ran WITHOUT a sandbox, with the interviewer's privileges: {reason}"
            )),
        }
    }

    pub fn info(&self) -> SandboxInfo {
        match &self.mechanism {
            Mechanism::Bubblewrap { version, .. } => SandboxInfo {
                mechanism: format!("bubblewrap {version}"),
                network: if self.options.private_network {
                    "loopback only (a private network namespace shared with the grader)"
                } else {
                    "the host's loopback (not isolated: grade with `cargo kit grade` to isolate it)"
                }
                .to_owned(),
                limits: Some(self.options.service_limits),
                build_limits: Some(self.options.build_limits),
                visible: self
                    .exposed
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect(),
                warning: None,
            },
            Mechanism::Unconfined { .. } => SandboxInfo {
                mechanism: "none".to_owned(),
                network: "the host's network".to_owned(),
                limits: None,
                build_limits: None,
                visible: Vec::new(),
                warning: self.warning(),
            },
        }
    }

    /// A command that runs `program` with `args` in `jail` (or as is, when
    /// unconfined). The caller sets the environment (`env_clear` first):
    /// bubblewrap passes it through.
    pub fn command(&self, jail: &Jail, program: &Path, args: &[String]) -> Command {
        match &self.mechanism {
            Mechanism::Bubblewrap {
                bwrap,
                prlimit,
                as_root,
                ..
            } => {
                let jail = jail.absolute();
                let mut command = Command::new(bwrap);
                command
                    .args(bubblewrap::arguments(
                        &jail,
                        self.home.as_deref(),
                        &self.exposed,
                        *as_root,
                    ))
                    .arg(prlimit)
                    .args(limits::prlimit_args(&jail.limits))
                    .arg("--")
                    .arg(program)
                    .args(args)
                    // bwrap itself runs from a neutral folder.
                    .current_dir("/");
                command
            }
            Mechanism::Unconfined { .. } => {
                let mut command = Command::new(program);
                command.args(args).current_dir(&jail.dir);
                command
            }
        }
    }

    /// How many wrapper processes stand between a spawned command and the
    /// program (they are not sent SIGTERM on a graceful stop).
    pub(crate) fn wrapper_depth(&self) -> usize {
        match self.mechanism {
            Mechanism::Bubblewrap { .. } => bubblewrap::WRAPPER_DEPTH,
            Mechanism::Unconfined { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconfined_run_carries_a_warning_in_its_report() {
        let info = Sandbox::unconfined("bubblewrap is not installed").info();
        assert_eq!(info.mechanism, "none");
        assert!(
            info.warning
                .as_deref()
                .is_some_and(|warning| warning.contains("bubblewrap is not installed")),
            "{info:?}"
        );
    }
}
