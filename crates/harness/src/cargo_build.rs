//! `cargo build --release` of a submission crate, reading the executable's
//! path from cargo's JSON messages rather than guessing `target/release/<name>`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;
use tokio::process::Command;

use crate::output_tail::OutputTail;
use crate::process_group::{GroupLeader, STOP_GRACE};
use crate::target::{BuildOptions, Launch, Prepared};

/// Cargo's JSON stream can be large (one line per compiled crate).
const MESSAGES_CAP: usize = 16 * 1024 * 1024;
const LOG_CAP: usize = 64 * 1024;

/// Variables a build legitimately needs; everything else is scrubbed, since
/// build scripts are candidate code too.
pub(crate) const BUILD_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "CARGO_HOME",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "CARGO_TARGET_DIR",
    "TMPDIR",
    "LANG",
];

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct BuildError {
    pub message: String,
    /// Compiler output: what the interviewer needs to see why it failed.
    pub log: String,
}

#[derive(Debug, Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    target: Option<MessageTarget>,
    #[serde(default)]
    success: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct MessageTarget {
    name: String,
    kind: Vec<String>,
}

pub async fn build(crate_dir: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    let manifest = crate_dir.join("Cargo.toml");
    let manifest = manifest.canonicalize().map_err(|error| BuildError {
        message: format!("{} is not a cargo crate: {error}", manifest.display()),
        log: String::new(),
    })?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([
            "build",
            "--release",
            "--message-format=json-render-diagnostics",
            "--manifest-path",
        ])
        .arg(&manifest)
        .env_clear()
        .env("CARGO_TERM_COLOR", "never");
    for var in BUILD_ENV {
        if let Some(value) = std::env::var_os(var) {
            command.env(var, value);
        }
    }
    if let Some(target_dir) = &options.target_dir {
        command.arg("--target-dir").arg(target_dir);
    }

    let messages = OutputTail::new(MESSAGES_CAP);
    let log = OutputTail::new(LOG_CAP);
    let started = Instant::now();
    let mut leader = GroupLeader::spawn(command, &messages, &log).map_err(|error| BuildError {
        message: format!("could not run cargo: {error}"),
        log: String::new(),
    })?;
    let exit = match tokio::time::timeout(options.timeout, leader.wait()).await {
        Ok(exit) => exit,
        Err(_) => {
            leader.stop(STOP_GRACE).await;
            return Err(BuildError {
                message: format!(
                    "the build took longer than {} s and was stopped",
                    options.timeout.as_secs()
                ),
                log: log.text(),
            });
        }
    };
    // Let the pumps drain what the process wrote just before exiting.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    let parsed: Vec<Message> = messages
        .text()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let succeeded = parsed
        .iter()
        .rev()
        .find(|message| message.reason == "build-finished")
        .and_then(|message| message.success)
        .unwrap_or(false);
    if !succeeded {
        return Err(BuildError {
            message: format!("cargo build failed ({exit})"),
            log: log.text(),
        });
    }

    let executables: Vec<(&str, &Path)> = parsed
        .iter()
        .filter(|message| message.reason == "compiler-artifact")
        .filter(|message| message.manifest_path.as_deref() == Some(manifest.as_path()))
        .filter_map(|message| {
            let target = message.target.as_ref()?;
            let executable = message.executable.as_deref()?;
            target
                .kind
                .iter()
                .any(|kind| kind == "bin")
                .then_some((target.name.as_str(), executable))
        })
        .collect();
    let executable = match executables.as_slice() {
        [(_, only)] => only.to_path_buf(),
        [] => {
            return Err(BuildError {
                message: format!(
                    "{} builds no binary (is there a src/main.rs?)",
                    manifest.display()
                ),
                log: log.text(),
            });
        }
        several => {
            let names: Vec<&str> = several.iter().map(|(name, _)| *name).collect();
            return Err(BuildError {
                message: format!(
                    "{} builds several binaries ({}); the kit needs exactly one",
                    manifest.display(),
                    names.join(", ")
                ),
                log: log.text(),
            });
        }
    };
    Ok(Prepared {
        launch: Launch::executable(&executable),
        build_log: log.text(),
        build_duration: started.elapsed(),
    })
}
