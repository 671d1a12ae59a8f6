//! Grading `tests/servers/products.py` (the Python reference server) with the
//! real harness, as is or with one deliberate fault, and judging the report.
//! Every assertion message is meant to be read in CI output alone: it names
//! the checks that differ and what each one said.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use kit_harness::testing::{
    FAILURE_OUTPUT_LINES as OUTPUT_LINES, describe_checks, expect_completed,
};
use kit_harness::{Quiet, Report, Status};

pub fn server_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/servers/products.py")
}

/// The faults the server knows (`--list-faults`).
pub fn server_faults() -> Vec<String> {
    let output = Command::new("python3")
        .arg(server_script())
        .arg("--list-faults")
        .output()
        .expect("python3 must be on PATH to run the Q1 variant corpus");
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
    let (_dir, target) = kit_harness::testing::python_server(&server_script(), &args);
    kit_harness::grade(
        &q1_products_grader::exercise(),
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
            "the reference server scored {}/{}, expected 100/100 with every check `pass`:\n{}",
            report.score.points,
            report.score.max,
            describe_checks(&report, &failed)
        );
    }
}

/// With `fault` on, exactly the checks in `expected` earn no points (blocked
/// dependants included), whatever the order they are listed in.
pub async fn expect_lost(fault: &str, expected: &[&str]) {
    check_expected_ids(&format!("fault `{fault}`"), expected);
    let report = grade(Some(fault)).await;
    assert_lost(&report, &format!("fault `{fault}`"), expected);
}

/// `expected` names checks of the suite, each once.
pub fn check_expected_ids(what: &str, expected: &[&str]) {
    let known: BTreeSet<&str> = q1_products_grader::exercise()
        .checks
        .iter()
        .map(|check| check.id)
        .collect();
    let unknown: Vec<&&str> = expected.iter().filter(|id| !known.contains(**id)).collect();
    assert!(
        unknown.is_empty(),
        "{what}: the expected list names unknown check ids {unknown:?}"
    );
    let wanted: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(
        wanted.len(),
        expected.len(),
        "{what}: the expected list repeats an id"
    );
}

/// The report of `what` completed, and exactly the checks in `expected`
/// earned no points; otherwise a panic that names the checks that differ,
/// what each said, and the service's last output lines.
pub fn assert_lost(report: &Report, what: &str, expected: &[&str]) {
    expect_completed(report, what);
    let wanted: BTreeSet<&str> = expected.iter().copied().collect();
    let lost: BTreeSet<&str> = report.lost().into_iter().collect();
    let kept: Vec<&str> = wanted.difference(&lost).copied().collect();
    let extra: Vec<&str> = lost.difference(&wanted).copied().collect();
    kit_harness::testing::assert_same_lost(report, what, &kept, &extra, OUTPUT_LINES);
}
