//! Spawning a program in its own process group and stopping the whole group.
//!
//! Candidate code may spawn children (`sh -c`, `cargo run`, a Python reloader).
//! Signalling the group, not just the pid, is what guarantees nothing it started
//! outlives grading.

use std::process::Stdio;
use std::time::Duration;

use nix::errno::Errno;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use crate::output_tail::OutputTail;

/// Grace period between SIGTERM and SIGKILL (common contract).
pub const STOP_GRACE: Duration = Duration::from_secs(3);

/// A running process group whose leader we spawned.
#[derive(Debug)]
pub struct GroupLeader {
    child: Child,
    pgid: Pid,
}

/// How the leader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "exit code {code}"),
            Exit::Signal(signal) => match Signal::try_from(*signal) {
                Ok(signal) => write!(f, "signal {signal}"),
                Err(_) => write!(f, "signal {signal}"),
            },
        }
    }
}

impl GroupLeader {
    /// Spawns `command` as the leader of a new process group, its stdout and
    /// stderr drained into the given tails (pass the same tail twice to merge).
    pub fn spawn(
        mut command: Command,
        stdout_tail: &OutputTail,
        stderr_tail: &OutputTail,
    ) -> std::io::Result<Self> {
        command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn()?;
        let pid = child
            .id()
            .ok_or_else(|| std::io::Error::other("process exited at spawn"))?;
        if let Some(stdout) = child.stdout.take() {
            stdout_tail.pump(stdout);
        }
        if let Some(stderr) = child.stderr.take() {
            stderr_tail.pump(stderr);
        }
        let pgid = Pid::from_raw(i32::try_from(pid).map_err(std::io::Error::other)?);
        Ok(GroupLeader { child, pgid })
    }

    /// `Some(exit)` once the leader has exited; never blocks.
    pub fn exited(&mut self) -> Option<Exit> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(exit_of(status)),
            Ok(None) => None,
            // The child can no longer be waited for: treat it as gone.
            Err(_) => Some(Exit::Code(-1)),
        }
    }

    /// Waits for the leader to exit.
    pub async fn wait(&mut self) -> Exit {
        match self.child.wait().await {
            Ok(status) => exit_of(status),
            Err(_) => Exit::Code(-1),
        }
    }

    /// SIGTERM to the group; SIGKILL to the group after the grace period.
    /// The group is always SIGKILLed at the end, so children that ignored
    /// SIGTERM (or outlived their parent) are gone too.
    pub async fn stop(mut self, grace: Duration) -> Exit {
        signal_group(self.pgid, Signal::SIGTERM);
        let exit = match tokio::time::timeout(grace, self.child.wait()).await {
            Ok(Ok(status)) => exit_of(status),
            _ => {
                signal_group(self.pgid, Signal::SIGKILL);
                self.wait().await
            }
        };
        signal_group(self.pgid, Signal::SIGKILL);
        exit
    }
}

impl Drop for GroupLeader {
    fn drop(&mut self) {
        // Last resort (panic, cancelled run): nothing may outlive the grader.
        signal_group(self.pgid, Signal::SIGKILL);
    }
}

fn signal_group(pgid: Pid, signal: Signal) {
    match killpg(pgid, signal) {
        Ok(()) | Err(Errno::ESRCH) => {}
        Err(_) => {}
    }
}

fn exit_of(status: std::process::ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}
