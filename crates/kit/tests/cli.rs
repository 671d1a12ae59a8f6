//! The `kit` command line as a user meets it: exact messages for mistakes,
//! exit codes, and a real grading run whose JSON report matches
//! `docs/report-format.md` field for field.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|error| panic!("{error}"))
}

fn kit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

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
        "kit: no check of q1 matches `q1.nope`; `kit list q1` shows the check ids\n"
    );
}

#[test]
fn a_path_without_a_crate_suggests_cmd() {
    let output = kit(&["grade", "q1", "docs"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: docs has no Cargo.toml; give a cargo crate directory, or use --cmd to run another kind of program\n"
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
        stdout(&output).starts_with("q1 Products CRUD API: 42 checks, 100 points\n"),
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
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let report_path = dir.path().join("report.json");
    let server = repo_root().join("crates/harness/tests/targets/misbehaving.py");
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
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap_or_default())
        .unwrap_or_else(|error| panic!("the report is not JSON: {error}"));
    assert_eq!(report["schema"], "interview-kit/report/v1");
    assert_eq!(
        report["score"],
        serde_json::json!({ "points": 3, "max": 8 })
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
