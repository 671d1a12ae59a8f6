//! Grading `tests/servers/auth.py` (the Python reference server) with the
//! real harness, as is or with one deliberate fault, and judging the report.
//! Every assertion message is meant to be read in CI output alone: it names
//! the checks that differ, what each one said, and the service's last words.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use kit_harness::testing::{
    FAILURE_OUTPUT_LINES as OUTPUT_LINES, describe_checks, expect_completed, service_output_tail,
};
use kit_harness::{Quiet, Report, Status};

pub fn server_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/servers/auth.py")
}

/// The faults the server knows (`--list-faults`).
pub fn server_faults() -> Vec<String> {
    let output = Command::new("python3")
        .arg(server_script())
        .arg("--list-faults")
        .output()
        .expect("python3 must be on PATH to run the Q2 variant corpus");
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

/// Grades the server, with `fault` switched on (or none), from a fresh directory.
pub async fn grade(fault: Option<&str>) -> Report {
    let args = fault
        .map(|fault| format!("--fault {fault}"))
        .unwrap_or_default();
    let mut report = grade_once(&args).await;
    // The harness picks a port that is free in this process, but another
    // program (another test binary grading at the same time) can bind it
    // first; if that program answers /health, the run grades the wrong
    // service. The server then dies with EADDRINUSE: grade again, once.
    if service_output(&report).contains("Address already in use") {
        report = grade_once(&args).await;
    }
    report
}

async fn grade_once(args: &str) -> Report {
    let (_dir, target) = kit_harness::testing::python_server(&server_script(), args);
    kit_harness::grade(
        &q2_auth_grader::exercise(),
        &target,
        &kit_harness::testing::test_run_options(),
        &Quiet,
    )
    .await
}

/// The correct server passes every check: 100/100.
pub async fn expect_full_marks() {
    let report = grade(None).await;
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

/// With `fault` on, exactly the checks in `expected` earn no points (blocked
/// dependants included), whatever the order they are listed in.
pub async fn expect_lost(fault: &str, expected: &[&str]) {
    expect_lost_allowing(fault, expected, &[]).await;
}

/// Like [`expect_lost`], except that the checks in `unreliable` may go either
/// way: only for a grader bug that makes a check's outcome random for this
/// fault, named where it is used, until the check is fixed.
pub async fn expect_lost_allowing(fault: &str, expected: &[&str], unreliable: &[&str]) {
    let known: BTreeSet<&str> = q2_auth_grader::exercise()
        .checks
        .iter()
        .map(|check| check.id)
        .collect();
    let unknown: Vec<&&str> = expected
        .iter()
        .chain(unreliable)
        .filter(|id| !known.contains(**id))
        .collect();
    assert!(
        unknown.is_empty(),
        "fault `{fault}`: the expected lists name unknown check ids {unknown:?}"
    );
    let wanted: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(
        wanted.len(),
        expected.len(),
        "fault `{fault}`: the expected list repeats an id"
    );
    let ignored: BTreeSet<&str> = unreliable.iter().copied().collect();
    assert!(
        wanted.is_disjoint(&ignored),
        "fault `{fault}`: a check is both expected and unreliable"
    );

    let report = grade(Some(fault)).await;
    expect_completed(&report, &format!("fault `{fault}`"));
    let lost: BTreeSet<&str> = report
        .lost()
        .into_iter()
        .filter(|id| !ignored.contains(id))
        .collect();
    let kept: Vec<&str> = wanted.difference(&lost).copied().collect();
    let extra: Vec<&str> = lost.difference(&wanted).copied().collect();
    kit_harness::testing::assert_same_lost(
        &report,
        &format!("fault `{fault}`"),
        &kept,
        &extra,
        OUTPUT_LINES,
    );
}

fn service_output(report: &Report) -> &str {
    report
        .service
        .as_ref()
        .map(|service| service.output_tail.as_str())
        .unwrap_or_default()
}
