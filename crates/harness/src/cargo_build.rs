//! `cargo build --release` of a submission crate, reading the executable's
//! path from cargo's JSON messages rather than guessing `target/release/<name>`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::build_options::BuildOptions;
use crate::output_tail::OutputTail;
use crate::sandbox::Sandbox;
use crate::sandboxed_cargo::SandboxedCargo;

/// Cargo's JSON stream can be large (one line per compiled crate).
const MESSAGES_CAP: usize = 16 * 1024 * 1024;
const LOG_CAP: usize = 64 * 1024;

/// A successful build.
#[derive(Debug, Clone)]
pub struct Built {
    pub executable: PathBuf,
    /// The tail of the build's output (warnings an interviewer may want to see).
    pub log: String,
    pub duration: Duration,
}

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

/// The crate's manifest and how to run cargo on it.
fn cargo_for(
    crate_dir: &Path,
    options: &BuildOptions,
    sandbox: &Sandbox,
) -> Result<(PathBuf, SandboxedCargo), BuildError> {
    let manifest = crate_dir.join("Cargo.toml");
    let manifest = manifest.canonicalize().map_err(|error| BuildError {
        message: format!("{} is not a cargo crate: {error}", manifest.display()),
        log: String::new(),
    })?;
    let crate_dir = manifest.parent().unwrap_or(crate_dir);
    let cargo = SandboxedCargo::new(
        sandbox,
        crate_dir,
        options.target_dir.as_deref(),
        options.cargo_home.as_deref(),
        options.timeout,
    )
    .map_err(|message| BuildError {
        message,
        log: String::new(),
    })?;
    Ok((manifest, cargo))
}

/// `cargo fetch` of the crate's dependencies into the kit's cargo home,
/// with network and without running any candidate code. [`build`] does it
/// first unless [`BuildOptions::fetched`] says it was done.
pub async fn fetch_dependencies(
    crate_dir: &Path,
    options: &BuildOptions,
    sandbox: &Sandbox,
) -> Result<(), BuildError> {
    let (manifest, cargo) = cargo_for(crate_dir, options, sandbox)?;
    let log = OutputTail::new(LOG_CAP);
    cargo
        .fetch(&manifest, &log)
        .await
        .map_err(|message| BuildError {
            message: format!("the dependencies could not be fetched: {message}"),
            log: log.text(),
        })
}

pub async fn build(
    crate_dir: &Path,
    options: &BuildOptions,
    sandbox: &Sandbox,
) -> Result<Built, BuildError> {
    let (manifest, cargo) = cargo_for(crate_dir, options, sandbox)?;
    let messages = OutputTail::new(MESSAGES_CAP);
    let log = OutputTail::new(LOG_CAP);
    let started = Instant::now();
    if !options.fetched {
        cargo
            .fetch(&manifest, &log)
            .await
            .map_err(|message| BuildError {
                message: format!("the dependencies could not be fetched: {message}"),
                log: log.text(),
            })?;
    }
    let args: Vec<OsString> = vec![
        "build".into(),
        "--release".into(),
        "--message-format=json-render-diagnostics".into(),
        "--manifest-path".into(),
        manifest.clone().into(),
    ];
    let exit = cargo
        .run_offline(&args, true, &messages, &log)
        .await
        .map_err(|message| BuildError {
            message,
            log: log.text(),
        })?;

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
    Ok(Built {
        executable,
        log: log.text(),
        duration: started.elapsed(),
    })
}
