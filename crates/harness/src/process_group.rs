//! Spawning a program in its own process group and stopping the whole group.
//!
//! Candidate code may spawn children (`sh -c`, `cargo run`, a Python reloader).
//! Signalling the group, not just the pid, is what guarantees nothing it started
//! outlives grading.

use std::os::fd::AsFd;
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
    watchdog: Option<Watchdog>,
    /// Wrapper processes (a sandbox's) between the leader and the program:
    /// spared by SIGTERM, so the program can shut down gracefully before
    /// the wrappers take everything down with them.
    wrapper_depth: usize,
}

/// A tiny shell that kills the group if this process dies without stopping
/// it (SIGKILL, OOM killer, abort): it waits on a pipe only we hold, and the
/// kernel closes the pipe whatever way we end. A clean stop tells it so
/// first. `Drop` can't run on SIGKILL; this can.
#[derive(Debug)]
struct Watchdog {
    _process: Child,
    pipe: tokio::process::ChildStdin,
}

/// The watchdog's script: `$0` is the group id. `kill -KILL -<pgid>` is the
/// form both dash and bash accept.
const WATCHDOG_SCRIPT: &str =
    r#"IFS= read -r word; [ "$word" = stopped ] || kill -KILL -"$0" 2>/dev/null"#;

impl Watchdog {
    fn guard(pgid: Pid) -> std::io::Result<Watchdog> {
        let mut process = Command::new("/bin/sh")
            .arg("-c")
            .arg(WATCHDOG_SCRIPT)
            .arg(pgid.to_string())
            .env_clear()
            // Its own group: a terminal's Ctrl-C or the service itself
            // signalling its group does not reach it.
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let pipe = process
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("the watchdog has no stdin"))?;
        Ok(Watchdog {
            _process: process,
            pipe,
        })
    }

    /// The group is gone: the watchdog may exit without killing anything.
    fn release(self) {
        // The pipe is empty and the message tiny: a non-blocking write of a
        // few bytes into a fresh pipe cannot block or be partial.
        if let Ok(fd) = self.pipe.as_fd().try_clone_to_owned() {
            let _ = nix::unistd::write(&fd, b"stopped\n");
        }
    }
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
        command: Command,
        stdout_tail: &OutputTail,
        stderr_tail: &OutputTail,
    ) -> std::io::Result<Self> {
        Self::spawn_wrapped(command, stdout_tail, stderr_tail, 0)
    }

    /// Like [`GroupLeader::spawn`], for a command whose first
    /// `wrapper_depth` processes are a sandbox's wrappers (see
    /// `Sandbox::wrapper_depth`).
    pub fn spawn_wrapped(
        mut command: Command,
        stdout_tail: &OutputTail,
        stderr_tail: &OutputTail,
        wrapper_depth: usize,
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
        // Without /bin/sh there is no watchdog; everything else still works.
        let watchdog = Watchdog::guard(pgid).ok();
        Ok(GroupLeader {
            child,
            pgid,
            watchdog,
            wrapper_depth,
        })
    }

    /// `Some(exit)` once the leader has exited; never blocks.
    pub fn exited(&mut self) -> Option<Exit> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(self.unwrap_exit(exit_of(status))),
            Ok(None) => None,
            // The child can no longer be waited for: treat it as gone.
            Err(_) => Some(Exit::Code(-1)),
        }
    }

    /// Waits for the leader to exit.
    pub async fn wait(&mut self) -> Exit {
        match self.child.wait().await {
            Ok(status) => self.unwrap_exit(exit_of(status)),
            Err(_) => Exit::Code(-1),
        }
    }

    /// The program's own exit. A sandbox wrapper reports the program's
    /// death by signal N as exit code 128+N (as shells do): it must still
    /// read as a crash, not as an exit.
    fn unwrap_exit(&self, exit: Exit) -> Exit {
        match exit {
            Exit::Code(code) if self.wrapper_depth > 0 && (129..=128 + 64).contains(&code) => {
                Exit::Signal(code - 128)
            }
            other => other,
        }
    }

    /// SIGTERM to the program's processes: the whole group, or, under a
    /// sandbox, every member of the group but the wrappers.
    fn terminate(&self) {
        if self.wrapper_depth == 0 {
            signal_group(self.pgid, Signal::SIGTERM);
            return;
        }
        let wrappers = wrapper_chain(self.pgid.as_raw(), self.wrapper_depth);
        match group_members(self.pgid.as_raw()) {
            Some(members) => {
                for pid in members.into_iter().filter(|pid| !wrappers.contains(pid)) {
                    let _ = nix::sys::signal::kill(Pid::from_raw(pid), Signal::SIGTERM);
                }
            }
            // No /proc to read: the wrappers' death takes the program down.
            None => signal_group(self.pgid, Signal::SIGTERM),
        }
    }

    /// SIGTERM to the group; SIGKILL to the group after the grace period.
    /// The group is always SIGKILLed at the end, so children that ignored
    /// SIGTERM (or outlived their parent) are gone too.
    pub async fn stop(mut self, grace: Duration) -> Exit {
        self.terminate();
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
        if let Some(watchdog) = self.watchdog.take() {
            watchdog.release();
        }
    }
}

fn signal_group(pgid: Pid, signal: Signal) {
    match killpg(pgid, signal) {
        Ok(()) | Err(Errno::ESRCH) => {}
        Err(_) => {}
    }
}

/// The leader and its first descendants, `depth` processes in all (each
/// wrapper has exactly one child: the next wrapper, or the program).
fn wrapper_chain(leader: i32, depth: usize) -> Vec<i32> {
    let mut chain = vec![leader];
    while chain.len() < depth {
        let Some(&last) = chain.last() else { break };
        let children = std::fs::read_to_string(format!("/proc/{last}/task/{last}/children"))
            .unwrap_or_default();
        match children
            .split_whitespace()
            .next()
            .and_then(|pid| pid.parse().ok())
        {
            Some(child) => chain.push(child),
            None => break,
        }
    }
    chain
}

/// Every process whose process group is `pgid`, from /proc.
fn group_members(pgid: i32) -> Option<Vec<i32>> {
    let entries = std::fs::read_dir("/proc").ok()?;
    let members = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| process_group_of(&stat))
                == Some(pgid)
        })
        .collect();
    Some(members)
}

/// The process group in a `/proc/<pid>/stat` line: the fifth field, counted
/// after the command name (which may hold spaces and parentheses).
fn process_group_of(stat: &str) -> Option<i32> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(2)?.parse().ok()
}

fn exit_of(status: std::process::ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_process_group_after_a_command_name_with_spaces_and_parentheses() {
        let stat = "4242 (my (odd) app) S 4200 4100 4100 0 -1 4194560 100 0 0 0";
        assert_eq!(process_group_of(stat), Some(4100));
        assert_eq!(process_group_of("garbage"), None);
    }
}
