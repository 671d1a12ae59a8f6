//! The grading phase in a network namespace of its own.
//!
//! The grader must reach the service over loopback (from many `127.x.y.z`
//! source addresses, for Q3) while the service must reach nothing else. So
//! `kit grade` runs this same command again inside `bwrap --unshare-net`:
//! that process, its checks and every service it starts share a namespace
//! whose only interface is a loopback of their own, and the host's
//! loopback listeners and network are out of reach. Everything else of the
//! machine stays visible to the kit itself (it is trusted); each service is
//! further confined by its own sandbox.
//!
//! The inner kit's temporary folder (`TMPDIR`), where each service gets its
//! working directory and database, is a tmpfs of [`SCRATCH_BYTES`] mounted
//! for the grading phase alone: a service's `fsync`s cost nothing there (a
//! Q1 grading commits hundreds of rows, each an `fsync` on a disk), its files
//! vanish with the namespace, and a service that floods its folder fills
//! that tmpfs, not the machine's disk or memory.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::commands::EXIT_INTERRUPTED;

/// How long the inner kit gets to stop its services after Ctrl-C.
const INTERRUPT_GRACE: Duration = Duration::from_secs(15);

/// The size of the inner kit's temporary folder (a tmpfs: memory, taken
/// only as it is written). Builds' temporary files and every service's
/// working directory of one grading fit in it with room to spare.
const SCRATCH_BYTES: u64 = 2 << 30;

/// Runs `kit <this command's arguments> <extra>` inside a new network
/// namespace and returns its exit code.
pub fn run_inside(bwrap: &Path, extra: &[OsString]) -> anyhow::Result<ExitCode> {
    let kit = std::env::current_exe().context("cannot find the kit's own executable")?;
    // An empty folder of the host's, the mount point of the tmpfs inside.
    let scratch = tempfile::Builder::new()
        .prefix("kit-scratch-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    let mut command = tokio::process::Command::new(bwrap);
    command.args(["--dev-bind", "/", "/"]);
    if supports_tmpfs_size(bwrap) {
        command
            .arg("--size")
            .arg(SCRATCH_BYTES.to_string())
            .arg("--tmpfs")
            .arg(scratch.path())
            .env("TMPDIR", scratch.path());
    }
    command
        .args(["--unshare-net", "--die-with-parent", "--"])
        .arg(kit)
        .args(std::env::args_os().skip(1))
        .args(extra)
        // The terminal's Ctrl-C reaches only this process, which passes it
        // on to the inner kit: bwrap would die of it at once, and take the
        // inner kit down before it could stop its services.
        .process_group(0)
        .kill_on_drop(true);

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot run {}", bwrap.display()))?;
        let status = tokio::select! {
            status = child.wait() => status,
            _ = tokio::signal::ctrl_c() => {
                if let Some(inner) = child.id().and_then(first_child) {
                    let _ = kill(Pid::from_raw(inner), Signal::SIGINT);
                }
                match tokio::time::timeout(INTERRUPT_GRACE, child.wait()).await {
                    Ok(status) => status,
                    Err(_) => {
                        let _ = child.kill().await;
                        return Ok(ExitCode::from(EXIT_INTERRUPTED));
                    }
                }
            }
        }
        .context("the grading phase could not be waited for")?;
        Ok(ExitCode::from(exit_code(status)))
    })
}

/// Whether this bubblewrap bounds a tmpfs (`--size`, from 0.8.0 on); an
/// older one grades with its temporary files on disk, as without a sandbox.
fn supports_tmpfs_size(bwrap: &Path) -> bool {
    std::process::Command::new(bwrap)
        .arg("--help")
        .output()
        .is_ok_and(|output| {
            String::from_utf8_lossy(&output.stdout).contains("--size")
                || String::from_utf8_lossy(&output.stderr).contains("--size")
        })
}

/// The first child of `pid` (bwrap's child: the inner kit).
fn first_child(pid: u32) -> Option<i32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn exit_code(status: std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => u8::try_from(code).unwrap_or(1),
        (None, Some(signal)) => u8::try_from(128 + signal).unwrap_or(1),
        (None, None) => 1,
    }
}
