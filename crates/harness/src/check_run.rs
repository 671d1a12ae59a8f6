//! The checks phase: the selected checks against the main instance, several
//! at a time as the [`Schedule`] allows, each bounded in time and isolated
//! from the others' panics, the service restarted when it dies.
//!
//! A concurrent run reports what a sequential one would. Results are kept by
//! table position, whatever the order they finish in. A check that shared
//! the service with others and saw it die, restart or stop answering (or
//! timed out) may have been disturbed by a neighbour: its result is dropped
//! and it runs again alone, which is how a sequential run would have seen it.
//! So does a check that says it cannot tell its evidence from a neighbour's
//! ([`Ctx::run_again_alone`]).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::check::Check;
use crate::context::Ctx;
use crate::evidence::EvidenceLog;
use crate::idle_gate::{IdleGate, IdleMessage};
use crate::instance::{Instance, Launcher, StartError};
use crate::observer::{Event, Observer};
use crate::outcome::{Failure, Status};
use crate::process_group::Exit;
use crate::report::CheckResult;
use crate::schedule::{Schedule, Slot};
use crate::shelf::Shelf;

/// How long a service that timed out a check gets to answer `/health` before
/// it is restarted for the next checks.
const HEALTH_PROBE_TIMEOUT: Duration = Duration::from_secs(2);
const CRASH_OUTPUT_LINES: usize = 12;
const DEATH_GRACE: Duration = Duration::from_millis(300);

/// Runs `selected` (in table order, prerequisites before what needs them)
/// with at most `jobs` in flight; their results in table order.
pub(crate) async fn run_checks(
    selected: &[&Check],
    main: &Instance,
    launcher: &Launcher,
    deadline: Instant,
    jobs: usize,
    observer: &dyn Observer,
) -> Vec<CheckResult> {
    let total = selected.len();
    let prerequisites: Vec<Vec<usize>> = selected
        .iter()
        .map(|check| {
            check
                .requires
                .iter()
                .filter_map(|id| selected.iter().position(|other| other.id == *id))
                .collect()
        })
        .collect();
    let slots = selected
        .iter()
        .zip(&prerequisites)
        .map(|(check, prerequisites)| Slot {
            prerequisites,
            alone: check.alone,
            waits: check.waits,
        })
        .collect();
    let mut schedule = Schedule::new(slots, jobs);
    let mut results: Vec<Option<CheckResult>> = vec![None; total];
    // Which checks are in flight, and whether a check had company at any
    // moment of its current attempt.
    let mut running = vec![false; total];
    let mut attempts = vec![0_u32; total];
    let mut accompanied = vec![false; total];
    let mut service_down: Option<String> = None;
    let mut in_flight = FuturesUnordered::new();
    let shelf = Shelf::default();
    // The instances finished checks started, stopping while the next checks
    // run (a graceful stop can take a web framework a few hundred ms). All
    // are stopped before a check starts with nothing else in flight (an
    // alone check times the service with no other process busy) and before
    // the run ends.
    let mut stopping = tokio::task::JoinSet::new();
    // Idle checks ([`Ctx::idle_for`]) tell the loop when they sleep and when
    // they would go on; those held back while an alone check runs wait here.
    let (idle_sender, mut idle_messages) = tokio::sync::mpsc::unbounded_channel();
    let mut held_back: Vec<(usize, tokio::sync::oneshot::Sender<()>)> = Vec::new();

    loop {
        if schedule.may_resume() {
            for (index, resume) in held_back.drain(..) {
                schedule.resume(index);
                let _ = resume.send(());
            }
        }
        if (0..total).all(|index| !running[index] || schedule.is_idle(index)) {
            while stopping.join_next().await.is_some() {}
        }
        while let Some(index) = schedule.next() {
            let check = selected[index];
            observer.on_event(&Event::CheckStarted {
                index,
                total,
                check,
            });
            // An idle neighbour does not disturb a check (it sleeps), but it
            // may find the service changed when it goes on.
            accompanied[index] = (0..total).any(|other| running[other] && !schedule.is_idle(other));
            for (other, busy) in running.iter().enumerate() {
                if *busy {
                    accompanied[other] = true;
                }
            }
            running[index] = true;
            let verdicts = prerequisite_verdicts(check, &results, selected);
            let down = service_down.clone();
            let alone = schedule.runs_alone(index);
            let idle = (!alone).then(|| IdleGate::new(index, idle_sender.clone()));
            let earlier = attempts[index];
            let shelf = shelf.clone();
            in_flight.push(async move {
                let attempt = EARLIER_ATTEMPTS
                    .scope(
                        earlier,
                        attempt(
                            check, verdicts, down, alone, idle, main, launcher, &shelf, deadline,
                        ),
                    )
                    .await;
                (index, attempt)
            });
        }
        let finished = tokio::select! {
            finished = in_flight.next() => finished,
            Some(message) = idle_messages.recv() => {
                match message {
                    IdleMessage::Began(index) => schedule.pause(index),
                    IdleMessage::Ended { index, resume } => held_back.push((index, resume)),
                }
                continue;
            }
        };
        let Some((index, mut attempt)) = finished else {
            break;
        };
        running[index] = false;
        for instance in std::mem::take(&mut attempt.started_instances) {
            stopping.spawn(async move { instance.stop().await });
        }
        let disturbed = accompanied[index] && attempt.may_have_been_disturbed(main);
        if disturbed || attempt.wants_alone {
            // Let the dead service come back for the others; this check runs
            // again alone, and the rest of the run one check at a time.
            if attempt.trouble.is_some() {
                schedule.one_at_a_time();
                if main.exited_within(Duration::ZERO).await.is_some() {
                    recover(main, "it crashed", &mut service_down, observer).await;
                }
            }
            attempts[index] += 1;
            schedule.retry_alone(index);
            continue;
        }
        if let Some(trouble) = &attempt.trouble {
            schedule.one_at_a_time();
            recover(main, trouble.why(), &mut service_down, observer).await;
        }
        observer.on_event(&Event::CheckFinished {
            index,
            total,
            result: &attempt.result,
        });
        results[index] = Some(attempt.result);
        schedule.finish(index);
    }
    while stopping.join_next().await.is_some() {}
    debug_assert!(schedule.all_finished());
    results.into_iter().flatten().collect()
}

tokio::task_local! {
    static EARLIER_ATTEMPTS: u32;
}

/// How many times the running check already ran in this grading: 0 on its
/// first attempt, 1 when it runs again alone. A check that names what it
/// creates (an account's email) picks names an earlier attempt did not
/// take, or the service would answer "already exists". 0 outside a check.
pub fn earlier_attempts() -> u32 {
    EARLIER_ATTEMPTS.try_with(|count| *count).unwrap_or(0)
}

/// What became of a check's prerequisites: the ids that did not pass.
fn prerequisite_verdicts(
    check: &Check,
    results: &[Option<CheckResult>],
    selected: &[&Check],
) -> Vec<&'static str> {
    check
        .requires
        .iter()
        .filter(|id| {
            let passed = selected
                .iter()
                .position(|other| other.id == **id)
                .and_then(|position| results[position].as_ref())
                .is_some_and(|result| result.status == Status::Pass);
            !passed
        })
        .copied()
        .collect()
}

/// What went wrong with the service itself during a check.
#[derive(Debug)]
enum Trouble {
    Died,
    StoppedAnswering,
}

impl Trouble {
    fn why(&self) -> &'static str {
        match self {
            Trouble::Died => "it crashed",
            Trouble::StoppedAnswering => "it stopped answering",
        }
    }
}

/// One run of one check.
#[derive(Debug)]
struct Attempt {
    result: CheckResult,
    trouble: Option<Trouble>,
    /// The main instance's start count when the check began.
    starts_before: u32,
    /// The check could not tell its evidence from a neighbour's
    /// ([`Ctx::run_again_alone`]): its result does not count.
    wants_alone: bool,
    /// Instances the check started, still to be stopped.
    started_instances: Vec<Instance>,
}

impl Attempt {
    /// Whether a neighbour could explain this result: the service died,
    /// stopped answering or was restarted meanwhile, or the check ran out of
    /// time (a busy service is slower).
    fn may_have_been_disturbed(&self, main: &Instance) -> bool {
        self.trouble.is_some()
            || main.starts() != self.starts_before
            || matches!(self.result.status, Status::Crash | Status::Timeout)
    }
}

#[allow(clippy::too_many_arguments)]
async fn attempt(
    check: &Check,
    failed_prerequisites: Vec<&'static str>,
    service_down: Option<String>,
    alone: bool,
    idle: Option<IdleGate>,
    main: &Instance,
    launcher: &Launcher,
    shelf: &Shelf,
    deadline: Instant,
) -> Attempt {
    let started = Instant::now();
    let starts_before = main.starts();
    let settled = |result: CheckResult| Attempt {
        result,
        trouble: None,
        starts_before,
        wants_alone: false,
        started_instances: Vec::new(),
    };

    if !failed_prerequisites.is_empty() {
        let names = failed_prerequisites
            .iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut result = blocked(
            check,
            format!("not run: it needs {names} to pass first"),
            started,
        );
        result.blocked_by = failed_prerequisites
            .iter()
            .map(|id| (*id).to_owned())
            .collect();
        return settled(result);
    }
    if let Some(reason) = service_down.as_deref() {
        return settled(blocked(
            check,
            format!("not run: the service is down ({reason})"),
            started,
        ));
    }
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return settled(check_result(
            check,
            Err(Failure::timeout(
                "not run: the grading run reached its time limit",
            )),
            &EvidenceLog::default(),
            started,
        ));
    }

    let log = EvidenceLog::default();
    let cx = match Ctx::new(
        main.clone(),
        launcher.clone(),
        log.clone(),
        alone,
        shelf.clone(),
        idle,
    ) {
        Ok(cx) => cx,
        Err(failure) => return settled(check_result(check, Err(failure), &log, started)),
    };
    let limit = check.timeout.min(remaining);
    // The check's own task sees this attempt's number too.
    let task = tokio::spawn(EARLIER_ATTEMPTS.scope(earlier_attempts(), (check.run)(cx.clone())));
    let abort = task.abort_handle();
    let mut outcome = match tokio::time::timeout(limit, task).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(join_error)) if join_error.is_panic() => Err(Failure::error(format!(
            "the grader itself failed (panic: {})",
            panic_message(join_error)
        ))),
        Ok(Err(_)) => Err(Failure::error("the check was cancelled")),
        Err(_) => {
            abort.abort();
            let last = log
                .last_request()
                .map(|request| format!("; last request: {request}"))
                .unwrap_or_default();
            Err(Failure::timeout(format!(
                "the check did not finish within {} s{last}",
                limit.as_secs()
            )))
        }
    };
    let started_instances = cx.take_started();

    // A service that died during the check crashed it, whatever the check
    // concluded. A failed check waits a moment for a death under way.
    let grace = if outcome.is_ok() {
        Duration::ZERO
    } else {
        DEATH_GRACE
    };
    let mut trouble = None;
    if let Some(exit) = main.exited_within(grace).await {
        explain_death(&mut outcome, &log, main, &exit);
        trouble = Some(Trouble::Died);
    } else if matches!(&outcome, Err(failure) if failure.status == Status::Timeout)
        && !answers_health(main).await
    {
        log.note("the service stopped answering GET /health; it was restarted for the next checks");
        trouble = Some(Trouble::StoppedAnswering);
    }
    Attempt {
        result: check_result(check, outcome, &log, started),
        trouble,
        starts_before,
        wants_alone: cx.asked_to_run_alone(),
        started_instances,
    }
}

/// The check crashed the service, whatever it concluded: say so, with the
/// service's last words.
fn explain_death(
    outcome: &mut Result<String, Failure>,
    log: &EvidenceLog,
    main: &Instance,
    exit: &Exit,
) {
    let during = log
        .last_request()
        .map(|request| format!(" while answering {request}"))
        .unwrap_or_default();
    let already_explained = matches!(&*outcome, Err(failure) if failure.status == Status::Crash);
    if !already_explained {
        *outcome = Err(Failure::crash(format!("the service died ({exit}){during}")));
    }
    log.note(format!(
        "service output before it died:\n{}",
        last_lines(&main.output().text(), CRASH_OUTPUT_LINES)
    ));
}

/// Restarts the main instance (same files) so later checks can still run.
async fn recover(
    main: &Instance,
    why: &str,
    service_down: &mut Option<String>,
    observer: &dyn Observer,
) {
    let reason = format!("restarting the service: {why}");
    observer.on_event(&Event::Restarted { reason: &reason });
    if let Err(error) = main.restart().await {
        *service_down = Some(format!("{why}, and restarting it failed: {error}"));
        if let StartError::Exited { .. } | StartError::NeverReady { .. } = error {
            main.stop().await;
        }
    }
}

async fn answers_health(main: &Instance) -> bool {
    let Ok(client) = reqwest::Client::builder()
        .no_proxy()
        .timeout(HEALTH_PROBE_TIMEOUT)
        .build()
    else {
        return false;
    };
    matches!(client.get(format!("{}/health", main.base_url())).send().await, Ok(response) if response.status().is_success())
}

fn blocked(check: &Check, message: String, started: Instant) -> CheckResult {
    check_result(
        check,
        Err(Failure {
            status: Status::Blocked,
            message,
        }),
        &EvidenceLog::default(),
        started,
    )
}

fn panic_message(error: tokio::task::JoinError) -> String {
    let payload = error.into_panic();
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A check's line in the report, from what it returned and recorded.
pub(crate) fn check_result(
    check: &Check,
    outcome: Result<String, Failure>,
    log: &EvidenceLog,
    started: Instant,
) -> CheckResult {
    let evidence = log.finish();
    let (status, message) = match outcome {
        Ok(message) => (Status::Pass, message),
        Err(failure) => (failure.status, failure.message),
    };
    CheckResult {
        id: check.id.to_owned(),
        title: check.title.to_owned(),
        criterion: check.criterion.to_owned(),
        kind: check.kind,
        status,
        points: if status == Status::Pass {
            check.points
        } else {
            0
        },
        max: check.points,
        message,
        evidence: evidence.exchanges,
        evidence_omitted: evidence.omitted,
        notes: evidence.notes,
        blocked_by: Vec::new(),
        duration_ms: millis(started.elapsed()),
    }
}
