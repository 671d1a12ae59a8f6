//! The grader against the real starter and reference solution, built and run
//! as any submission would be: the solution earns every point, the starter
//! exactly the points of what it already does, and the same run twice gives
//! the same result.

use std::path::PathBuf;

use kit_harness::report::render_text;
use kit_harness::{Quiet, Report, RunOptions, RunStatus, Status, Target, Value, grade};

/// What the starter already does (create, read, list, and the storage it
/// comes with); everything else is the candidate's work.
const STARTER_PASSES: &[&str] = &[
    "q1.create.status_201",
    "q1.get.ok",
    "q1.get.unknown_404",
    "q1.list.envelope",
    "q1.errors.no_5xx_on_client_mistakes",
    "q1.robust.survives_restart",
    "q1.robust.concurrent_creates",
    "q1.robust.exact_price",
    "q1.robust.unicode_names",
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|error| panic!("repo root: {error}"))
}

async fn grade_crate(relative: &str) -> Report {
    let target = Target::Cargo {
        path: repo_root().join(relative),
    };
    let report = grade(
        &q1_products_grader::exercise(),
        &target,
        &RunOptions::default(),
        &Quiet,
    )
    .await;
    assert_eq!(
        report.status,
        RunStatus::Completed,
        "{relative} was not graded: {:?}",
        report.error
    );
    report
}

fn statuses(report: &Report) -> Vec<(String, Status)> {
    report
        .checks
        .iter()
        .map(|check| (check.id.clone(), check.status))
        .collect()
}

fn failures(report: &Report) -> String {
    report
        .checks
        .iter()
        .filter(|check| check.status != Status::Pass)
        .map(|check| format!("{} [{}]: {}", check.id, check.status, check.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn replace_all(text: &str, rules: &[(&str, &str)]) -> String {
    rules
        .iter()
        .fold(text.to_owned(), |text, (pattern, replacement)| {
            regex_lite::Regex::new(pattern)
                .unwrap_or_else(|error| panic!("{pattern}: {error}"))
                .replace_all(&text, *replacement)
                .into_owned()
        })
}

/// The text report with what varies from run to run (dates, timings, ids,
/// this machine's paths) replaced by placeholders.
fn stable_text(report: &Report) -> String {
    let root = repo_root().display().to_string();
    replace_all(
        &render_text(report).replace(&root, "[repo]"),
        &[
            (
                r"graded   .* UTC, took [0-9.]+ s, kit .*",
                "graded   [date], took [duration], kit [version]",
            ),
            (r"ready in \d+ ms", "ready in [ms]"),
            (r"printed \d+ bytes", "printed [n] bytes"),
            (r"/products/\d+", "/products/[id]"),
            (r#""id":\d+"#, r#""id":[id]"#),
        ],
    )
}

/// The JSON report with timings, ids and output redacted, and evidence
/// reduced to its size (the text snapshot shows the evidence itself).
fn stable_json(report: &Report) -> Value {
    let mut value = serde_json::to_value(report).unwrap_or_else(|error| panic!("{error}"));
    value["target"]["path"] = "[repo]/...".into();
    value["started_at"] = "[date]".into();
    value["duration_ms"] = "[ms]".into();
    value["kit_version"] = "[version]".into();
    value["build"] = "[build]".into();
    value["service"] = "[service]".into();
    if let Some(checks) = value["checks"].as_array_mut() {
        for check in checks {
            check["duration_ms"] = "[ms]".into();
            let exchanges = check["evidence"].as_array().map(Vec::len).unwrap_or(0);
            check["evidence"] = format!("[{exchanges} exchanges]").into();
            let message = check["message"].as_str().unwrap_or_default();
            check["message"] = replace_all(
                message,
                &[(r"/products/\d+", "/products/[id]"), (r"id \d+", "id [id]")],
            )
            .into();
        }
    }
    value
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_every_time() {
    let first = grade_crate("solutions/q1-products").await;
    assert_eq!(
        first.score.points,
        100,
        "the solution lost points:\n{}",
        failures(&first)
    );
    assert_eq!(first.score.max, 100);
    insta::assert_snapshot!("solution_text", stable_text(&first));
    insta::assert_json_snapshot!("solution_json", stable_json(&first));

    let second = grade_crate("solutions/q1-products").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees:\n{}",
        failures(&second)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_starter_earns_only_what_it_already_does_every_time() {
    let first = grade_crate("starters/q1-products").await;
    let passed = first.ids_with_status(Status::Pass);
    assert_eq!(
        passed,
        STARTER_PASSES,
        "the starter's passing checks changed:\n{}",
        failures(&first)
    );
    insta::assert_snapshot!("starter_text", stable_text(&first));
    insta::assert_json_snapshot!("starter_json", stable_json(&first));

    let second = grade_crate("starters/q1-products").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees"
    );
}

#[test]
fn the_suite_is_well_formed() {
    let problems = q1_products_grader::exercise().lint();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_scoring_doc_lists_every_check_with_its_kind_and_points() {
    let doc = std::fs::read_to_string(repo_root().join("docs/scoring.md"))
        .unwrap_or_else(|error| panic!("docs/scoring.md: {error}"));
    let row =
        regex_lite::Regex::new(r"^\| `(q1\.[a-z0-9_.]+)` \| (core|bonus|advanced) \| (\d+) \|")
            .unwrap_or_else(|error| panic!("{error}"));
    let documented: Vec<(String, String, u32)> = doc
        .lines()
        .filter_map(|line| row.captures(line))
        .map(|captures| {
            (
                captures[1].to_owned(),
                captures[2].to_owned(),
                captures[3].parse().unwrap_or(0),
            )
        })
        .collect();
    let suite: Vec<(String, String, u32)> = q1_products_grader::exercise()
        .checks
        .iter()
        .map(|check| (check.id.to_owned(), check.kind.to_string(), check.points))
        .collect();
    assert_eq!(
        documented, suite,
        "docs/scoring.md and the Q1 suite disagree"
    );
}
