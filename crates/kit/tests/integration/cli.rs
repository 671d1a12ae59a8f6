//! The `kit` command line as a user meets it: exact messages for mistakes,
//! exit codes, and a real grading run whose JSON report matches
//! `docs/report-format.md` field for field.

use std::collections::BTreeSet;

use kit_harness::testing::{Tool, require};
use serde_json::Value;

use crate::common::{kit, repo_root, stderr, stdout};

#[test]
fn an_unknown_exercise_is_named_with_the_known_ones() {
    let output = kit(&["grade", "q4"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: no exercise named `q4`; known: q1 (q1-products), q2 (q2-auth), q3 (q3-ratelimit)\n"
    );
}

#[test]
fn an_unknown_check_id_points_to_kit_list() {
    let output = kit(&["grade", "q1", "--only", "q1.nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: no check of q1 matches `q1.nope`; `cargo kit list q1` shows the check ids\n"
    );
}

#[test]
fn a_path_that_says_nothing_of_how_it_runs_suggests_a_manifest_or_cmd() {
    let output = kit(&["grade", "q1", "docs"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: docs does not say how it runs: no Cargo.toml, no interview-kit.toml (`command = \"...\"`), \
         no package.json, and no requirements.txt or pyproject.toml beside a main.py or app.py; \
         add an interview-kit.toml, or use --cmd\n"
    );
}

#[test]
fn an_unwritable_report_file_fails_before_grading() {
    let output = kit(&["grade", "q1", "--out", "/nonexistent-dir/report.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("kit: cannot write the report to /nonexistent-dir/report.json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn long_exercise_names_are_accepted() {
    let output = kit(&["list", "q1-products"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("q1 Products CRUD API: 46 checks, 100 points\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn list_shows_every_check_of_an_exercise() {
    let output = kit(&["list", "q1"]);
    let listed = stdout(&output);
    for check in q1_check_ids() {
        assert!(listed.contains(&check), "`kit list q1` misses {check}");
    }
}

#[test]
fn help_explains_grade_with_examples() {
    let output = kit(&["grade", "--help"]);
    let help = stdout(&output);
    assert!(
        help.contains("kit grade q1 ~/alice --cmd 'python3 app.py'"),
        "{help}"
    );
    assert!(help.contains("--format <FORMAT>"), "{help}");
}

fn q1_check_ids() -> Vec<String> {
    let output = kit(&["list", "q1"]);
    stdout(&output)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| word.starts_with("q1."))
        .map(str::to_owned)
        .collect()
}

/// Every path of a JSON value, arrays written `[]`: `checks[].evidence[].method`.
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                paths(value, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The fields `docs/report-format.md` documents: the first cell of its table
/// rows, when it is a code span (`` `checks[].status` ``).
fn documented_fields() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(repo_root().join("docs/report-format.md"))
        .unwrap_or_else(|error| panic!("docs/report-format.md: {error}"));
    doc.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_json_report_has_exactly_the_documented_fields() {
    if !require(
        "a_json_report_has_exactly_the_documented_fields",
        &[Tool::Python3],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let report_path = dir.path().join("report.json");
    let server = repo_root().join("crates/harness/tests/targets/misbehaving.py");
    // With an interviewer's review merged, so that its fields appear too.
    let review = dir.path().join("review.toml");
    let output = kit(&[
        "review",
        "q1",
        ".",
        "--out",
        review.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let filled = std::fs::read_to_string(&review)
        .unwrap_or_default()
        .replacen("reviewer = \"\"", "reviewer = \"Dana\"", 1)
        .replacen("summary = \"\"\"\n\"\"\"", "summary = \"Tidy.\"", 1)
        .replacen(
            "level = 0\nnotes = \"\"\"\n\"\"\"",
            "level = 2\nnotes = \"Thin.\"",
            1,
        );
    std::fs::write(&review, filled).unwrap_or_else(|error| panic!("{error}"));
    // A quick, real run: two checks against a tiny server that answers 404
    // everywhere but /health, so failures (with evidence) appear too.
    let output = kit(&[
        "grade",
        "q1",
        "--cmd",
        &format!(
            "exec python3 {} --mode ok --marker kit-cli-test",
            server.display()
        ),
        "--only",
        "q1.get.unknown_404",
        "--only",
        "q1.create.status_201",
        "--format",
        "json",
        "--out",
        report_path.to_str().unwrap_or_default(),
        "--review",
        review.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap_or_default())
        .unwrap_or_else(|error| panic!("the report is not JSON: {error}"));
    assert_eq!(report["schema"], "interview-kit/report/v1");
    assert_eq!(
        report["score"],
        serde_json::json!({ "points": 0, "max": 12 })
    );

    let mut present = BTreeSet::new();
    paths(&report, "", &mut present);
    let documented = documented_fields();
    let undocumented: Vec<&String> = present.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "fields in the report but not in docs/report-format.md: {undocumented:?}"
    );
    // Optional fields may be absent from this run; the required ones may not.
    let required = [
        "schema",
        "exercise",
        "exercise_title",
        "target",
        "target.kind",
        "kit_version",
        "started_at",
        "duration_ms",
        "status",
        "score",
        "score.points",
        "score.max",
        "criteria",
        "criteria[].id",
        "criteria[].title",
        "criteria[].points",
        "criteria[].max",
        "checks",
        "checks[].id",
        "checks[].title",
        "checks[].criterion",
        "checks[].kind",
        "checks[].status",
        "checks[].points",
        "checks[].max",
        "checks[].message",
        "checks[].evidence",
        "checks[].evidence[].method",
        "checks[].evidence[].path",
        "checks[].evidence[].status",
        "checks[].duration_ms",
        "review",
        "review[].id",
        "review[].title",
        "review[].look_for",
        "review[].levels",
        "questions",
        "questions[].id",
        "questions[].topic",
        "questions[].level",
        "questions[].ask",
        "questions[].good_answer",
        "questions[].because",
        "manual_review",
        "manual_review.reviewer",
        "manual_review.summary",
        "manual_review.criteria",
        "manual_review.criteria[].id",
        "manual_review.criteria[].title",
        "manual_review.criteria[].level",
        "manual_review.criteria[].of",
        "manual_review.criteria[].level_name",
        "manual_review.criteria[].anchor",
        "manual_review.criteria[].notes",
    ];
    let missing: Vec<&&str> = required
        .iter()
        .filter(|field| !present.contains(**field))
        .collect();
    assert!(
        missing.is_empty(),
        "required fields missing from a real report: {missing:?}"
    );
}

fn fixture(name: &str) -> String {
    repo_root()
        .join("crates/kit/tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn render_makes_the_hiring_managers_page_from_a_saved_report() {
    let output = kit(&["render", &fixture("q1-starter.json"), "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("Below the bar"), "{page}");

    let output = kit(&[
        "render",
        &fixture("q1-starter.json"),
        "--format",
        "md",
        "--bands",
        "30,20",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("## Summary: strong\n"));
}

#[test]
fn render_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let out = dir.path().join("junit.xml");
    let output = kit(&[
        "render",
        &fixture("q1-starter.json"),
        "--format",
        "junit",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let xml = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
}

#[test]
fn render_refuses_a_file_that_is_not_a_v1_report() {
    let output = kit(&["render", "Cargo.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("kit: Cargo.toml is not a report kit can read: not JSON"),
        "{}",
        stderr(&output)
    );
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"schema": "interview-kit/report/v2"}"#)
        .unwrap_or_else(|error| panic!("{error}"));
    let output = kit(&["render", other.to_str().unwrap_or_default()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(
            "is not a report kit can read: its schema is `interview-kit/report/v2`; this kit reads `interview-kit/report/v1`\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn render_of_a_missing_file_is_an_error() {
    let output = kit(&["render", "no-such-report.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("kit: cannot read no-such-report.json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_and_junit_are_for_the_interviewer_only() {
    // Refused before grading anything.
    let output = kit(&["grade", "q1", "--format", "json", "--audience", "candidate"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: --format json is for the interviewer only; --audience candidate works with --format text, md or html\n"
    );
    let output = kit(&[
        "render",
        &fixture("q1-starter.json"),
        "--format",
        "junit",
        "--audience",
        "candidate",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("kit: --format junit is for the interviewer only"));
}

#[test]
fn bands_must_be_two_ordered_percentages() {
    for bad in ["60,85", "85", "85,x", "120,60"] {
        let output = kit(&["render", &fixture("q1-starter.json"), "--bands", bad]);
        assert_eq!(output.status.code(), Some(2), "--bands {bad}");
        assert!(
            stderr(&output).contains("invalid value"),
            "--bands {bad}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn compare_ranks_reports_best_first() {
    let output = kit(&[
        "compare",
        &fixture("q1-starter.json"),
        &fixture("q1-solution.json"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    let solution = table.find("solutions/q1-products").unwrap_or(usize::MAX);
    let starter = table.find("starters/q1-products").unwrap_or(0);
    assert!(solution < starter, "{table}");

    let output = kit(&["compare", &fixture("q1-solution.json"), "--format", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("<!DOCTYPE html>"));
}

#[test]
fn compare_writes_the_cohort_as_json_with_its_statistics() {
    let output = kit(&[
        "compare",
        &fixture("q1-starter.json"),
        &fixture("q1-solution.json"),
        &fixture("q1-starter.json"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let cohort: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", stdout(&output)));
    assert_eq!(cohort["schema"], "interview-kit/cohort/v1");
    assert_eq!(cohort["exercise"], "q1-products");
    assert_eq!(cohort["rows"][0]["label"], "solutions/q1-products");
    assert_eq!(cohort["rows"][0]["points"], 100);
    assert_eq!(cohort["rows"][0]["band"], "strong");
    assert_eq!(cohort["statistics"]["submissions"], 3);
    let checks = cohort["statistics"]["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("no checks: {cohort}"));
    let check = |id: &str| {
        checks
            .iter()
            .find(|check| check["id"] == id)
            .unwrap_or_else(|| panic!("no statistics for {id}: {cohort}"))
    };
    // Every run, the starter's twice included, creates with 201.
    let created = check("q1.create.status_201");
    assert_eq!(
        (&created["passed"], &created["graded"]),
        (&3.into(), &3.into())
    );
    assert_eq!(created["flag"], "all_pass");
    assert_eq!(created["correlation"], Value::Null);
    // Only the solution updates: it separates it from the starter.
    let updated = check("q1.update.ok");
    assert_eq!(updated["passed"], 1);
    assert_eq!(updated["flag"], Value::Null);
    assert!(
        updated["correlation"].as_f64().is_some_and(|r| r > 0.9),
        "{updated}"
    );
}

#[test]
fn compare_refuses_to_mix_exercises() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let q2 = dir.path().join("q2.json");
    let text = std::fs::read_to_string(fixture("q1-solution.json")).unwrap_or_default();
    std::fs::write(&q2, text.replace("\"q1-products\"", "\"q2-auth\""))
        .unwrap_or_else(|error| panic!("{error}"));
    let output = kit(&[
        "compare",
        &fixture("q1-starter.json"),
        q2.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("kit: cannot compare reports of different exercises: "),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).ends_with("q2.json is q2-auth\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn compare_needs_at_least_one_report() {
    let output = kit(&["compare"]);
    assert_eq!(output.status.code(), Some(2));
}
