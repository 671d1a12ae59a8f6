//! One submission's grading: `kit grade` run as a child process of its own
//! (its own sandbox, private network, services and bounds), its stderr kept
//! in `grade.log` and shown as progress, the whole of it bounded in time and
//! stopped on Ctrl-C. A hostile or hung submission costs its own bound,
//! never the batch.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::sync::watch;

use crate::batch::submission::{HowToRun, Submission};
use crate::cli::{BatchArgs, SandboxChoice};

/// The log of a grading past this is cut (its last line is still shown).
const LOG_CAP: u64 = 1024 * 1024;
/// Beyond its own build and checks bounds: starting, fetching, signals.
const MARGIN: Duration = Duration::from_secs(300);
/// How long a grading has to stop its services after Ctrl-C.
const INTERRUPT_GRACE: Duration = Duration::from_secs(20);

pub const PARTIAL_REPORT: &str = ".report.json.partial";
pub const LOG_FILE: &str = "grade.log";

/// How a child grading ended.
#[derive(Debug)]
pub enum Ended {
    /// It wrote a report (at `PARTIAL_REPORT`, to be moved in place).
    Reported,
    /// It wrote none: why.
    Failed(String),
    /// Stopped by Ctrl-C.
    Interrupted,
}

/// Grades `submission` into `folder`; `progress` hears each line it says.
pub async fn grade(
    exercise: &str,
    submission: &Submission,
    folder: &Path,
    args: &BatchArgs,
    mut cancel: watch::Receiver<bool>,
    progress: impl Fn(&str),
) -> Ended {
    let partial = folder.join(PARTIAL_REPORT);
    let _ = std::fs::remove_file(&partial);
    let kit = match std::env::current_exe() {
        Ok(kit) => kit,
        Err(error) => return Ended::Failed(format!("cannot find the kit's executable: {error}")),
    };
    let mut command = tokio::process::Command::new(kit);
    command
        .args(grade_args(exercise, submission, &partial, args))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own group: Ctrl-C reaches it from us, after the others started.
        .process_group(0)
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) => return Ended::Failed(format!("cannot start kit grade: {error}")),
    };
    let group = child
        .id()
        .and_then(|pid| i32::try_from(pid).ok())
        .map(Pid::from_raw);
    let log_path = folder.join(LOG_FILE);
    let stderr = child.stderr.take();
    let copy_log = async {
        let Some(stderr) = stderr else {
            return String::new();
        };
        let mut log = tokio::fs::File::create(&log_path).await.ok();
        let mut written = 0_u64;
        let mut last = String::new();
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if written < LOG_CAP
                && let Some(log) = log.as_mut()
            {
                written += line.len() as u64 + 1;
                let _ = log.write_all(format!("{line}\n").as_bytes()).await;
            }
            let shown = line.strip_prefix("kit: ").unwrap_or(&line).trim();
            if !shown.is_empty() {
                progress(shown);
                last = shown.to_owned();
            }
        }
        last
    };
    let bound = Duration::from_secs(args.build_timeout + args.timeout) + MARGIN;
    let started = Instant::now();
    let waited = async {
        tokio::select! {
            status = child.wait() => Waited::Exited(status.ok()),
            () = tokio::time::sleep(bound) => Waited::TooLong,
            _ = cancel.wait_for(|cancelled| *cancelled) => Waited::Cancelled,
        }
    };
    let (waited, last_line) = tokio::join!(waited, copy_log);
    let signal_group = |signal| {
        if let Some(group) = group {
            let _ = killpg(group, signal);
        }
    };
    match waited {
        Waited::Exited(status) => match status {
            _ if partial.is_file() => Ended::Reported,
            Some(status) => Ended::Failed(format!(
                "kit grade made no report ({status}){}",
                if last_line.is_empty() {
                    String::new()
                } else {
                    format!(": {last_line}")
                }
            )),
            None => Ended::Failed("kit grade could not be waited for".to_owned()),
        },
        Waited::TooLong => {
            signal_group(Signal::SIGKILL);
            let _ = child.wait().await;
            Ended::Failed(format!(
                "the grading took longer than {} s (its build and checks bounds and {} s more) and was stopped",
                started.elapsed().as_secs(),
                MARGIN.as_secs()
            ))
        }
        Waited::Cancelled => {
            // The child kit stops its services on SIGINT; SIGKILL if it
            // does not finish in time (its services die with it).
            signal_group(Signal::SIGINT);
            if tokio::time::timeout(INTERRUPT_GRACE, child.wait())
                .await
                .is_err()
            {
                signal_group(Signal::SIGKILL);
                let _ = child.wait().await;
            }
            Ended::Interrupted
        }
    }
}

enum Waited {
    Exited(Option<std::process::ExitStatus>),
    TooLong,
    Cancelled,
}

/// `kit grade` of one submission, with the batch's settings.
fn grade_args(
    exercise: &str,
    submission: &Submission,
    report: &Path,
    args: &BatchArgs,
) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = vec!["grade".into(), exercise.into()];
    out.push(submission.dir.clone().into());
    if let HowToRun::Command(command) = &submission.how {
        out.push("--cmd".into());
        out.push(command.into());
    }
    let sandbox = match args.sandbox.sandbox {
        SandboxChoice::Auto => "auto",
        SandboxChoice::Require => "require",
        SandboxChoice::Off => "off",
    };
    let settings: [(&str, String); 9] = [
        ("--format", "json".to_owned()),
        ("--jobs", args.check_jobs.to_string()),
        ("--timeout", args.timeout.to_string()),
        ("--build-timeout", args.build_timeout.to_string()),
        ("--sandbox", sandbox.to_owned()),
        ("--memory", args.sandbox.memory.to_string()),
        ("--processes", args.sandbox.processes.to_string()),
        ("--file-size", args.sandbox.file_size.to_string()),
        ("--cpu", args.sandbox.cpu.to_string()),
    ];
    for (flag, value) in settings {
        out.push(flag.into());
        out.push(value.into());
    }
    out.push("--out".into());
    out.push(PathBuf::from(report).into());
    if args.no_signals {
        out.push("--no-signals".into());
    }
    out
}
