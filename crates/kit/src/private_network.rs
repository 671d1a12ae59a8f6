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

/// Runs `kit <this command's arguments> <extra>` inside a new network
/// namespace and returns its exit code.
pub fn run_inside(bwrap: &Path, extra: &[OsString]) -> anyhow::Result<ExitCode> {
    let kit = std::env::current_exe().context("cannot find the kit's own executable")?;
    let mut command = tokio::process::Command::new(bwrap);
    command
        .args([
            "--dev-bind",
            "/",
            "/",
            "--unshare-net",
            "--die-with-parent",
            "--",
        ])
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
