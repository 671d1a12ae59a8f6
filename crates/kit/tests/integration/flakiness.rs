//! `kit grade --repeat N`: the same submission graded N times, the first
//! grading's report written as usual, and a flakiness summary beside it.

use kit_harness::testing::{Tool, require};
use serde_json::Value;

use crate::common::{kit, repo_root, stderr};

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}\n{text}", path.display()))
}

#[test]
fn repeated_gradings_of_the_reference_solution_agree_and_the_report_is_the_usual_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let report_path = dir.path().join("report.json");
    let summary_path = dir.path().join("flakiness.json");
    // Two quick checks (and the ones they need); no signals, which time
    // cargo rather than the grading.
    let output = kit(&[
        "grade",
        "q1",
        "solutions/q1-products",
        "--only",
        "q1.get.unknown_404",
        "--only",
        "q1.create.status_201",
        "--no-signals",
        "--repeat",
        "3",
        "--repeat-out",
        summary_path.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--out",
        report_path.to_str().unwrap_or_default(),
    ]);
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{log}");
    assert!(log.contains("grading 3/3"), "{log}");
    assert!(
        log.contains("no check changed status in 3 gradings"),
        "{log}"
    );

    let summary = read_json(&summary_path);
    assert_eq!(summary["schema"], "interview-kit/flakiness/v1");
    assert_eq!(summary["runs"], 3);
    assert_eq!(summary["flipped"], serde_json::json!([]), "{summary:#}");
    assert_eq!(summary["scores"].as_array().map(Vec::len), Some(3));
    assert_eq!(summary["durations_ms"].as_array().map(Vec::len), Some(3));
    let checks = summary["checks"]
        .as_object()
        .unwrap_or_else(|| panic!("no checks in {summary:#}"));
    assert!(checks.contains_key("q1.get.unknown_404"), "{summary:#}");
    assert!(
        checks
            .values()
            .all(|counts| counts == &serde_json::json!({ "pass": 3 })),
        "{summary:#}"
    );

    // The report is a normal one: every consumer of `--format json` reads it.
    let report = read_json(&report_path);
    assert_eq!(report["schema"], "interview-kit/report/v1");
    assert_eq!(report["status"], "completed");
    assert_eq!(report["score"]["points"], report["score"]["max"]);
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .map(|checks| {
            checks
                .iter()
                .filter_map(|check| check["id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut tallied: Vec<&str> = checks.keys().map(String::as_str).collect();
    let mut graded = ids.clone();
    tallied.sort_unstable();
    graded.sort_unstable();
    assert_eq!(graded, tallied, "the summary tallies the report's checks");
}

#[test]
fn zero_repetitions_are_refused_before_grading() {
    let output = kit(&["grade", "q1", "--repeat", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid value '0' for '--repeat <N>'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_submission_that_behaves_differently_the_second_time_is_flaky_and_exits_3() {
    let test = "a_submission_that_behaves_differently_the_second_time_is_flaky_and_exits_3";
    if !require(test, &[Tool::Python3]) {
        return;
    }
    // A tiny server that answers the first grading and refuses to start in
    // the later ones: every check changes status.
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let server = repo_root().join("crates/harness/tests/targets/misbehaving.py");
    std::fs::copy(&server, dir.path().join("misbehaving.py"))
        .unwrap_or_else(|error| panic!("{error}"));
    let summary_path = dir.path().join("flakiness.json");
    let output = kit(&[
        "grade",
        "q1",
        dir.path().to_str().unwrap_or_default(),
        "--cmd",
        "if [ -e started-once ]; then exec python3 misbehaving.py --mode exit --marker kit-flaky-test; \
         else touch started-once; exec python3 misbehaving.py --mode ok --marker kit-flaky-test; fi",
        "--only",
        "q1.get.unknown_404",
        "--repeat",
        "2",
        "--repeat-out",
        summary_path.to_str().unwrap_or_default(),
        "--out",
        dir.path().join("report.txt").to_str().unwrap_or_default(),
    ]);
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{log}");
    assert!(
        log.contains("q1.get.unknown_404  blocked 1, error 1"),
        "{log}"
    );
    let summary = read_json(&summary_path);
    assert_eq!(summary["runs"], 2);
    assert_eq!(
        summary["checks"]["q1.get.unknown_404"],
        serde_json::json!({ "blocked": 1, "error": 1 })
    );
    assert!(
        summary["flipped"]
            .as_array()
            .is_some_and(|flipped| flipped.contains(&"q1.get.unknown_404".into())),
        "{summary:#}"
    );
}
