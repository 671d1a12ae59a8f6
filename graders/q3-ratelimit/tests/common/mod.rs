//! Grading `tests/servers/ratelimit.py` (the Python reference server) with
//! the real harness, as is or with one deliberate fault, and judging the
//! report. Every assertion message is meant to be read in CI output alone:
//! it names the checks that differ, what each one said (with its notes: the
//! measured latencies, the attempts), and the service's last words.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use kit_harness::testing::{
    FAILURE_OUTPUT_LINES as OUTPUT_LINES, describe_checks, expect_completed, service_output_tail,
};
use kit_harness::{Quiet, Report, RunOptions, Status};
use tokio::sync::RwLock;

/// The two checks that send thousands of requests (5,000 and 12,020, the
/// second measuring latency): a third of a full run's time with a correct
/// server, longer with an O(clients) one.
pub const BULK_LOAD: &[&str] = &["q3.load.many_clients_served", "q3.load.decision_cost_flat"];

/// Which checks a test grades.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// Every check, the bulk-load ones included (a few minutes of requests).
    Full,
    /// Every check but [`BULK_LOAD`]: the fault's expected list is judged on
    /// the checks that ran, and says nothing about the two left out.
    WithoutBulkLoad,
}

/// The reference server's run takes this for writing, so the latencies
/// `q3.load.decision_cost_flat` compares (and must find flat) are never
/// measured while another grading run competes for the two cores. Fault
/// runs share it: their verdicts do not hang on latency (the check compares
/// two instances timed alternately, so a competing run slows both alike; a
/// racy limiter's 5 ms pause falls on both, and the O(clients) fault's
/// ~2.7 ms a request is over twice the fresh instance's), and their timing
/// checks allow 0.25 s or more, in the direction a slow machine cannot break.
static MACHINE: RwLock<()> = RwLock::const_new(());

pub fn server_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/servers/ratelimit.py")
}

/// The faults the server knows (`--list-faults`).
pub fn server_faults() -> Vec<String> {
    let output = Command::new("python3")
        .arg(server_script())
        .arg("--list-faults")
        .output()
        .expect("python3 must be on PATH to run the Q3 variant corpus");
    assert!(
        output.status.success(),
        "--list-faults failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn every_check() -> Vec<&'static str> {
    q3_ratelimit_grader::exercise()
        .checks
        .iter()
        .map(|check| check.id)
        .collect()
}

/// The ids a scope grades.
pub fn scope_checks(scope: Scope) -> Vec<&'static str> {
    match scope {
        Scope::Full => every_check(),
        Scope::WithoutBulkLoad => every_check()
            .into_iter()
            .filter(|id| !BULK_LOAD.contains(id))
            .collect(),
    }
}

/// Grades the server, with `fault` switched on (or none), from a fresh folder.
pub async fn grade(fault: Option<&str>, scope: Scope) -> Report {
    let args = fault
        .map(|fault| format!("--fault {fault}"))
        .unwrap_or_default();
    let (_dir, target) = kit_harness::testing::python_server(&server_script(), &args);
    let options = RunOptions {
        only: match scope {
            Scope::Full => Vec::new(),
            Scope::WithoutBulkLoad => scope_checks(scope).into_iter().map(str::to_owned).collect(),
        },
        ..kit_harness::testing::test_run_options()
    };
    let _alone = match fault {
        None => Some(MACHINE.write().await),
        Some(_) => None,
    };
    let _shared = match fault {
        None => None,
        Some(_) => Some(MACHINE.read().await),
    };
    let started = Instant::now();
    let report =
        kit_harness::grade(&q3_ratelimit_grader::exercise(), &target, &options, &Quiet).await;
    let graded = fault.unwrap_or("the reference server");
    eprintln!(
        "graded {graded} ({scope:?}) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The latencies behind the efficiency verdict, for whoever reads the log
    // (`cargo test -- --nocapture`).
    if let Some(check) = report.check("q3.load.decision_cost_flat") {
        for note in &check.notes {
            eprintln!(
                "{graded}: q3.load.decision_cost_flat [{}]: {note}",
                check.status
            );
        }
    }
    report
}

/// The correct server passes every check of a full run: 100/100.
pub async fn expect_full_marks() {
    let report = grade(None, Scope::Full).await;
    expect_completed(&report, "the reference server");
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|check| check.status != Status::Pass)
        .map(|check| check.id.as_str())
        .collect();
    if !failed.is_empty() || (report.score.points, report.score.max) != (100, 100) {
        panic!(
            "the reference server scored {}/{}, expected 100/100 with every check `pass`:\n{}\
             service output (last {OUTPUT_LINES} lines):\n{}",
            report.score.points,
            report.score.max,
            describe_checks(&report, &failed),
            service_output_tail(&report, OUTPUT_LINES)
        );
    }
}

/// With `fault` on, exactly the checks in `expected` earn no points among
/// those `scope` grades (blocked dependants included), whatever the order
/// they are listed in.
pub async fn expect_lost(fault: &str, scope: Scope, expected: &[&str]) {
    let known = every_check();
    let unknown: Vec<&&str> = expected.iter().filter(|id| !known.contains(id)).collect();
    assert!(
        unknown.is_empty(),
        "fault `{fault}`: the expected list names unknown check ids {unknown:?}"
    );
    let graded = scope_checks(scope);
    let outside: Vec<&&str> = expected.iter().filter(|id| !graded.contains(id)).collect();
    assert!(
        outside.is_empty(),
        "fault `{fault}`: the expected list names {outside:?}, which {scope:?} does not grade"
    );
    let wanted: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(
        wanted.len(),
        expected.len(),
        "fault `{fault}`: the expected list repeats an id"
    );

    let report = grade(Some(fault), scope).await;
    expect_completed(&report, &format!("fault `{fault}`"));
    let ran: Vec<&str> = report
        .checks
        .iter()
        .map(|check| check.id.as_str())
        .collect();
    assert_eq!(
        ran, graded,
        "fault `{fault}`: the report does not hold exactly the checks of {scope:?}"
    );
    let lost: BTreeSet<&str> = report.lost().into_iter().collect();
    let kept: Vec<&str> = wanted.difference(&lost).copied().collect();
    let extra: Vec<&str> = lost.difference(&wanted).copied().collect();
    kit_harness::testing::assert_same_lost(
        &report,
        &format!("fault `{fault}` ({scope:?})"),
        &kept,
        &extra,
        OUTPUT_LINES,
    );
}

/// For a fault the grader does not catch yet, in a check whose run time
/// grows with the fault: `check` must not end in `fail` (that would mean the
/// grader catches the fault now: move it to [`expect_lost`]), but it may
/// pass or, on a slow or busy machine, reach its time limit (`timeout`).
/// Every other check must earn its points.
#[allow(dead_code)] // no fault needs it today; kept for the next known gap
pub async fn expect_not_caught(fault: &str, scope: Scope, check: &str) {
    assert!(
        scope_checks(scope).contains(&check),
        "fault `{fault}`: {check} is not a check {scope:?} grades"
    );
    let report = grade(Some(fault), scope).await;
    expect_completed(&report, &format!("fault `{fault}`"));
    let status = report.check(check).map(|result| result.status);
    let others: Vec<&str> = report
        .lost()
        .into_iter()
        .filter(|id| *id != check)
        .collect();
    if others.is_empty() && matches!(status, Some(Status::Pass | Status::Timeout)) {
        return;
    }
    let mut message = format!(
        "fault `{fault}` ({scope:?}, score {}/{}): expected every check to pass, except that \
         {check} may also time out\n",
        report.score.points, report.score.max
    );
    if status == Some(Status::Fail) {
        let _ = writeln!(
            message,
            "{check} now FAILS this fault: the grader catches it; test it with \
             expect_lost(\"{fault}\", ..., &[\"{check}\"]) instead"
        );
    }
    let mut listed = others;
    listed.push(check);
    let _ = write!(
        message,
        "{}service output (last {OUTPUT_LINES} lines):\n{}",
        describe_checks(&report, &listed),
        service_output_tail(&report, OUTPUT_LINES)
    );
    panic!("{message}");
}
