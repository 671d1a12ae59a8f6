//! `kit review` and `--review FILE`: the rubric file an interviewer fills in,
//! merged into a report apart from the automatic score, and every way a
//! review can be the wrong one refused with a clear message.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{kit, repo_root, stderr, stdout};

/// The Q1 starter fixture report: its target is `starters/q1-products`.
fn starter_report() -> String {
    repo_root()
        .join("crates/kit/tests/fixtures/q1-starter.json")
        .to_string_lossy()
        .into_owned()
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Writes the review template of `submission` for `exercise` as `dir/name`.
fn template(dir: &Path, name: &str, exercise: &str, submission: &str) -> PathBuf {
    let file = dir.join(name);
    let output = kit(&[
        "review",
        exercise,
        submission,
        "--out",
        file.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    file
}

/// Sets `level` and `notes` of `[criteria.<id>]` in a template.
fn fill(file: &Path, id: &str, level: i64, notes: &str) {
    let mut document: toml_edit::DocumentMut = text(file)
        .parse()
        .unwrap_or_else(|error| panic!("the template is not TOML: {error}"));
    document["criteria"][id]["level"] = toml_edit::value(level);
    document["criteria"][id]["notes"] = toml_edit::value(notes);
    std::fs::write(file, document.to_string()).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn review_writes_the_rubric_of_every_manual_criterion() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = dir.path().join("alice.toml");
    let output = kit(&[
        "review",
        "q2",
        "starters/q2-auth",
        "--out",
        file.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("kit grade q2 starters/q2-auth --review"),
        "{}",
        stderr(&output)
    );
    let written = text(&file);
    let parsed: toml::Table = toml::from_str(&written).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(parsed["schema"].as_str(), Some("interview-kit/review/v1"));
    assert_eq!(parsed["exercise"].as_str(), Some("q2-auth"));
    let submission = repo_root().join("starters/q2-auth");
    assert_eq!(
        parsed["submission"].as_str(),
        Some(submission.to_string_lossy().as_ref())
    );
    let exercise = q2_auth_grader::exercise();
    let criteria = parsed["criteria"]
        .as_table()
        .unwrap_or_else(|| panic!("no [criteria]"));
    assert_eq!(criteria.len(), exercise.review.len());
    // The rubric is in the comments: every anchor, wrapped but whole.
    let comments: String = written
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .collect::<Vec<_>>()
        .join(" ");
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let comments = words(&comments);
    for item in exercise.review {
        assert_eq!(
            criteria[item.id]["level"].as_integer(),
            Some(0),
            "{}",
            item.id
        );
        assert!(comments.contains(item.title), "{}", item.title);
        for anchor in item.levels {
            assert!(
                comments.contains(&words(anchor)),
                "anchor missing: {anchor}"
            );
        }
    }
    // A map of the submission's files, with line counts.
    assert!(written.contains("#   src/main.rs ("), "{written}");
}

#[test]
fn review_never_overwrites_a_review_without_force() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = template(dir.path(), "review-1.toml", "q1", "starters/q1-products");
    fill(&file, "tests", 2, "happy path only");
    let filled = text(&file);
    let output = kit(&[
        "review",
        "q1",
        "starters/q1-products",
        "--out",
        file.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists and may hold a filled-in review; use --force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(text(&file), filled, "the filled-in review was touched");
    let output = kit(&[
        "review",
        "q1",
        "starters/q1-products",
        "--out",
        file.to_str().unwrap_or_default(),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!text(&file).contains("happy path only"));
}

#[test]
fn review_names_its_file_after_the_submission_by_default() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let alice = dir.path().join("alice");
    std::fs::create_dir(&alice).unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["review", "q3", "alice"])
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.path().join("alice-q3-review.toml").is_file());
}

#[test]
fn review_needs_a_submission_folder_and_a_known_exercise() {
    let output = kit(&["review", "q1", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "kit: no/such/folder is not a directory: give the submission's folder\n"
    );
    let output = kit(&["review", "q9", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("kit: no exercise named `q9`"));
}

#[test]
fn a_filled_in_review_is_merged_apart_from_the_score() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let file = template(dir.path(), "review-2.toml", "q1", "starters/q1-products");
    fill(
        &file,
        "organisation",
        3,
        "Handlers stay thin: src/routes/products.rs.",
    );
    let review = file.to_str().unwrap_or_default();

    let plain = kit(&["render", &starter_report(), "--format", "md"]);
    let reviewed = kit(&[
        "render",
        &starter_report(),
        "--format",
        "md",
        "--review",
        review,
    ]);
    assert_eq!(reviewed.status.code(), Some(0), "{}", stderr(&reviewed));
    let (plain, reviewed) = (stdout(&plain), stdout(&reviewed));
    assert!(
        reviewed.contains("## Interviewer review (1 of 2 criteria)"),
        "{reviewed}"
    );
    assert!(reviewed.contains("### Code organisation and clarity: 3 of 4 · meets the bar"));
    assert!(reviewed.contains("Handlers stay thin: src/routes/products.rs."));
    assert!(reviewed.contains("### Tests the candidate wrote: not reviewed"));
    assert!(!plain.contains("Interviewer review"));
    // The automatic score is the same with or without the review.
    let summary = |page: &str| {
        page.lines()
            .skip_while(|line| !line.starts_with("## Summary"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(summary(&plain), summary(&reviewed));

    // Saved as JSON, the report carries the review; rendering it again needs no file.
    let json = kit(&[
        "render",
        &starter_report(),
        "--format",
        "json",
        "--review",
        review,
    ]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let value: Value =
        serde_json::from_str(&stdout(&json)).unwrap_or_else(|error| panic!("{error}"));
    let criteria = &value["manual_review"]["criteria"];
    assert_eq!(criteria[0]["id"], "organisation");
    assert_eq!(criteria[0]["level"], 3);
    assert_eq!(criteria[0]["level_name"], "meets the bar");
    assert_eq!(criteria[1]["id"], "tests");
    assert!(criteria[1].get("level").is_none());
}

#[test]
fn a_review_that_does_not_fit_the_report_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let render = |review: &Path| {
        kit(&[
            "render",
            &starter_report(),
            "--review",
            review.to_str().unwrap_or_default(),
        ])
    };
    let refused = |review: &Path, expected: &str| {
        let output = render(review);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "expected {expected:?} in: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "a report was printed anyway");
    };

    let off_the_rubric = template(dir.path(), "review-3.toml", "q1", "starters/q1-products");
    fill(&off_the_rubric, "tests", 7, "");
    refused(
        &off_the_rubric,
        "[criteria.tests] level = 7: pick 1 to 4, or 0 for not reviewed",
    );

    let unknown = dir.path().join("unknown.toml");
    let original = template(dir.path(), "review-4.toml", "q1", "starters/q1-products");
    std::fs::write(
        &unknown,
        text(&original).replace("[criteria.tests]", "[criteria.testing]"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    refused(
        &unknown,
        "[criteria.testing] is not a criterion of q1; its criteria are organisation, tests",
    );

    let other_exercise = template(dir.path(), "review-5.toml", "q2", "starters/q1-products");
    refused(
        &other_exercise,
        "reviews exercise `q2-auth`, not q1 (q1-products)",
    );

    let other_submission = template(dir.path(), "review-6.toml", "q1", "solutions/q1-products");
    refused(&other_submission, "reviews the submission");

    let not_a_review = dir.path().join("cargo.toml");
    std::fs::write(&not_a_review, text(&repo_root().join("Cargo.toml")))
        .unwrap_or_else(|error| panic!("{error}"));
    refused(&not_a_review, "is not a review file");
}

#[test]
fn grade_refuses_a_review_of_another_submission_before_grading() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let review = template(dir.path(), "review-7.toml", "q1", "solutions/q1-products");
    let started = Instant::now();
    let output = kit(&[
        "grade",
        "q1",
        "starters/q1-products",
        "--review",
        review.to_str().unwrap_or_default(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("reviews the submission"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("building"), "{}", stderr(&output));
    assert!(started.elapsed() < Duration::from_secs(20));
}
