//! cargo as the kit runs it on a submission (build and code signals).
//!
//! - The toolchain is the interviewer's, named by its full path: no rustup
//!   proxy runs, so a `rust-toolchain.toml` cannot choose another `cargo`.
//! - cargo runs from `/`, never from the candidate's folder, and the
//!   private copy leaves `.cargo/` out: no candidate `config.toml` (a
//!   `rustc-wrapper`, a registry replacement) is ever read.
//! - Dependencies are fetched first, with network but no candidate code
//!   running, into a kit-private cargo home; the build then runs offline,
//!   without network, with that cargo home and the sources read-only, so a
//!   build script can change neither the registry other builds use nor the
//!   submission.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use tokio::process::Command;

use crate::fetch_record::FetchRecord;
use crate::output_tail::OutputTail;
use crate::process_group::{Exit, GroupLeader, STOP_GRACE};
use crate::sandbox::{Jail, Network, Sandbox};

/// Whether cargo may reach the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// `cargo fetch`: network, no candidate code.
    Fetch,
    /// Everything else: `--offline`, no network.
    Offline,
}

#[derive(Debug, Clone)]
pub(crate) struct SandboxedCargo {
    sandbox: Sandbox,
    sysroot: PathBuf,
    /// The folder holding the crate's workspace (the crate itself when
    /// standalone): visible to cargo, read-only but when fetching.
    source_root: PathBuf,
    target_dir: PathBuf,
    cargo_home: PathBuf,
    timeout: Duration,
}

/// Where the kit keeps the dependencies it fetches for submissions:
/// `$XDG_CACHE_HOME/interview-kit/cargo-home`, else under `~/.cache`.
pub fn default_cargo_home() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("interview-kit/cargo-home")
}

impl SandboxedCargo {
    pub(crate) fn new(
        sandbox: &Sandbox,
        crate_dir: &Path,
        target_dir: Option<&Path>,
        cargo_home: Option<&Path>,
        timeout: Duration,
    ) -> Result<SandboxedCargo, String> {
        let sysroot = interviewer_sysroot()?;
        let source_root = workspace_root(crate_dir);
        let target_dir = target_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(|| crate_dir.join("target"));
        std::fs::create_dir_all(&target_dir)
            .map_err(|error| format!("cannot create {}: {error}", target_dir.display()))?;
        let cargo_home = cargo_home
            .map(Path::to_path_buf)
            .unwrap_or_else(default_cargo_home);
        std::fs::create_dir_all(&cargo_home)
            .map_err(|error| format!("cannot create {}: {error}", cargo_home.display()))?;
        Ok(SandboxedCargo {
            sandbox: sandbox.clone(),
            sysroot,
            source_root,
            target_dir,
            cargo_home,
            timeout,
        })
    }

    /// `cargo fetch` of the crate's dependencies into the kit's cargo home.
    /// Unsandboxed too, so that builds with and without the sandbox share
    /// the same dependencies (and compiled artifacts).
    /// Skipped when these manifests and lock were fetched before and their
    /// crates are still cached ([`FetchRecord`]).
    pub(crate) async fn fetch(&self, manifest: &Path, log: &OutputTail) -> Result<(), String> {
        let record = FetchRecord::of(&self.source_root, &self.sysroot, &self.cargo_home);
        if let Some(record) = &record
            && record.covers(&self.source_root, &self.cargo_home)
        {
            log.push(b"kit: cargo fetch skipped: these manifests and this lock were fetched before and every crate is cached\n");
            return Ok(());
        }
        let args: Vec<OsString> = vec!["fetch".into(), "--manifest-path".into(), manifest.into()];
        match self.run(&args, Phase::Fetch, log, log).await? {
            Exit::Code(0) => {
                // A fetch that changed the lock (or wrote a missing one)
                // proves nothing about the next copy's lock.
                let unchanged = FetchRecord::of(&self.source_root, &self.sysroot, &self.cargo_home);
                if let Some(record) = record
                    && unchanged.as_ref() == Some(&record)
                {
                    record.write();
                }
                Ok(())
            }
            exit => Err(format!("cargo fetch failed ({exit})")),
        }
    }

    /// Runs `cargo ARGS` without network to its end or the time bound, its
    /// output in the tails. A command that `compiles` gets `--target-dir`
    /// and `--offline` (`cargo fmt` takes neither).
    pub(crate) async fn run_offline(
        &self,
        args: &[OsString],
        compiles: bool,
        stdout: &OutputTail,
        stderr: &OutputTail,
    ) -> Result<Exit, String> {
        let mut args = args.to_vec();
        if compiles {
            args.push("--target-dir".into());
            args.push(self.target_dir.clone().into());
            args.push("--offline".into());
        }
        self.run(&args, Phase::Offline, stdout, stderr).await
    }

    async fn run(
        &self,
        args: &[OsString],
        phase: Phase,
        stdout: &OutputTail,
        stderr: &OutputTail,
    ) -> Result<Exit, String> {
        let command = self.command(args, phase);
        let mut leader =
            GroupLeader::spawn_wrapped(command, stdout, stderr, self.sandbox.wrapper_depth())
                .map_err(|error| format!("could not run cargo: {error}"))?;
        match tokio::time::timeout(self.timeout, leader.wait()).await {
            Ok(exit) => {
                // Let the pumps drain what the process wrote just before exiting.
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok(exit)
            }
            Err(_) => {
                leader.stop(STOP_GRACE).await;
                Err(format!(
                    "cargo took longer than {} s and was stopped",
                    self.timeout.as_secs()
                ))
            }
        }
    }

    fn command(&self, args: &[OsString], phase: Phase) -> Command {
        let cargo = self.sysroot.join("bin/cargo");
        let args: Vec<String> = args
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let jail = match phase {
            Phase::Fetch => Jail {
                read_only: vec![self.sysroot.clone()],
                // cargo writes the Cargo.lock of a crate that has none.
                writable: vec![self.source_root.clone(), self.cargo_home.clone()],
                network: Network::Inherited,
                limits: self.sandbox.options().build_limits,
                dir: self.source_root.clone(),
            },
            Phase::Offline => Jail {
                read_only: vec![
                    self.sysroot.clone(),
                    self.source_root.clone(),
                    self.cargo_home.clone(),
                ],
                writable: vec![self.target_dir.clone()],
                network: Network::Isolated,
                limits: self.sandbox.options().build_limits,
                dir: self.source_root.clone(),
            },
        };
        let mut command = self.sandbox.command(&jail, &cargo, &args);
        let path = format!(
            "{}:/usr/local/bin:/usr/bin:/bin",
            self.sysroot.join("bin").display()
        );
        command
            .env_clear()
            .env("PATH", path)
            .env("CARGO_HOME", &self.cargo_home)
            .env("RUSTC", self.sysroot.join("bin/rustc"))
            .env("CARGO_TERM_COLOR", "never");
        for var in ["HOME", "LANG"] {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
        command
    }
}

/// The sysroot of the interviewer's Rust toolchain: the one `cargo` runs
/// under when the kit was started by cargo (`$CARGO`), else `rustc --print
/// sysroot` asked from `/`, where no candidate's `rust-toolchain.toml` is.
fn interviewer_sysroot() -> Result<PathBuf, String> {
    static SYSROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SYSROOT
        .get_or_init(|| {
            if let Some(cargo) = std::env::var_os("CARGO").map(PathBuf::from)
                && let Some(sysroot) = cargo.parent().and_then(Path::parent)
                && sysroot.join("bin/rustc").is_file()
                && sysroot.join("bin/cargo").is_file()
            {
                return Ok(sysroot.to_path_buf());
            }
            let output = std::process::Command::new("rustc")
                .args(["--print", "sysroot"])
                .current_dir("/")
                .output()
                .map_err(|error| format!("cannot run rustc to find the Rust toolchain: {error}"))?;
            let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
            if output.status.success() && sysroot.join("bin/cargo").is_file() {
                Ok(sysroot)
            } else {
                Err(format!(
                    "cannot find the Rust toolchain's cargo (rustc --print sysroot said {:?})",
                    String::from_utf8_lossy(&output.stderr).trim()
                ))
            }
        })
        .clone()
}

/// The nearest folder at or above `crate_dir` whose `Cargo.toml` declares
/// a `[workspace]`, else `crate_dir`.
fn workspace_root(crate_dir: &Path) -> PathBuf {
    crate_dir
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
        })
        .unwrap_or(crate_dir)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_crate_is_built_from_its_workspace_and_a_standalone_one_from_itself() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let member = root.path().join("crates/app");
        std::fs::create_dir_all(&member).unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(
            root.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"app\"\n")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(workspace_root(&member), root.path());
        let alone = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(alone.path().join("Cargo.toml"), "[package]\nname = \"b\"\n")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(workspace_root(alone.path()), alone.path());
    }
}
