//! Support for the graders' own tests: grading a crate of this repository
//! as any submission is graded, and reports with what varies from run to run
//! (dates, timings, ports, ids, tokens, paths) replaced by placeholders, so
//! snapshots compare line for line. And (`tools`) the tools outside Rust
//! some tests need: a test whose tool is missing skips with one line, or
//! fails when `KIT_REQUIRE_TOOLS=1` (or `CI`) forbids skips.

use std::path::PathBuf;

use serde_json::Value;

use crate::exercise::Exercise;
use crate::observer::Quiet;
use crate::outcome::Status;
use crate::report::{Report, RunStatus, render_text};
use crate::runner::{DEFAULT_JOBS, RunOptions, grade};
use crate::target::Target;

mod corpora;
mod corpus_harness;
mod python;
mod tools;

pub use corpora::{CORPORA_VARIABLE, long_corpora_on, long_corpus};
pub use corpus_harness::{block_on_test, corpus_threads};
pub use python::{python_exec, python3};
pub use tools::{Tool, available, chromium, probe, require, require_that, skips_forbidden};

/// The repository this harness belongs to.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|error| panic!("repository root: {error}"))
}

/// Grades `relative` (e.g. `solutions/q1-products`); panics when the run
/// could not be completed (a broken build is a test failure here).
pub async fn grade_repo_crate(exercise: &Exercise, relative: &str) -> Report {
    grade_repo_crate_with_jobs(exercise, relative, repo_run_options().jobs).await
}

/// [`grade_repo_crate`] with `jobs` checks in flight at once.
pub async fn grade_repo_crate_with_jobs(
    exercise: &Exercise,
    relative: &str,
    jobs: usize,
) -> Report {
    let target = Target::Cargo {
        path: repo_root().join(relative),
    };
    let options = RunOptions {
        jobs,
        ..repo_run_options()
    };
    let report = grade(exercise, &target, &options, &Quiet).await;
    assert_eq!(
        report.status,
        RunStatus::Completed,
        "{relative} was not graded: {:?}",
        report.error
    );
    report
}

/// The languages besides Rust each exercise has a starter and a reference
/// solution in: `starters/<language>/<exercise>`, `solutions/<language>/<exercise>`.
pub const PROJECT_LANGUAGES: [&str; 2] = ["python", "typescript"];

/// Grades `<kind>/<language>/<exercise>` (`kind`: `starters` or `solutions`)
/// when the tools it needs are here (`tools`, plus Python or Node) and the
/// long corpora run: these install from PyPI and npm, and compile native
/// modules on a fresh machine. `None` when skipped.
pub async fn grade_language_project(
    test: &str,
    exercise: &Exercise,
    kind: &str,
    language: &str,
    tools: &[Tool],
) -> Option<Report> {
    let runtime = match language {
        "python" => Tool::Python3,
        _ => Tool::Node,
    };
    let needed: Vec<Tool> = tools.iter().copied().chain([runtime]).collect();
    if !(long_corpus(test) && require(test, &needed)) {
        return None;
    }
    Some(grade_repo_project(exercise, &format!("{kind}/{language}/{}", exercise.name)).await)
}

/// Grades the Python or TypeScript project at `relative` (a starter or a
/// solution: `solutions/python/q1-products`) as `kit grade` does with no
/// `--cmd`: found by its `interview-kit.toml`, installed and built in a
/// private copy, sandboxed. Panics unless the run completed.
pub async fn grade_repo_project(exercise: &Exercise, relative: &str) -> Report {
    let dir = repo_root().join(relative);
    let target = match crate::submission_kind::detect(&dir) {
        Ok(Some(target @ Target::Project { .. })) => target,
        other => panic!("{relative} is not a Python or Node project: {other:?}"),
    };
    let report = grade(exercise, &target, &repo_run_options(), &Quiet).await;
    assert_eq!(
        report.status,
        RunStatus::Completed,
        "{relative} was not graded: {:?}\n{}",
        report.error,
        report
            .build
            .as_ref()
            .map(|build| build.log_tail.as_str())
            .unwrap_or_default()
    );
    report
}

/// Grades `relative` with the default jobs and returns the report. With the
/// long corpora switched on ([`long_corpora_on`]: `KIT_CORPORA=1`, as in CI)
/// it also grades one check at a time (`--jobs 1`) and panics unless both
/// give the same report (stabilised text and JSON: same order, statuses,
/// points, messages). The sequential grading is the slow half (a minute of
/// Q2's), so the quick suite leaves it to the corpora.
///
/// The two gradings run at the same time, each on instances of its own, as
/// two interviewers grading one crate would: most of a sequential run waits
/// (windows, expiries, lockouts), and a report that changed because another
/// grading shared the machine would be a flaky check, which this should
/// catch rather than hide.
pub async fn grade_repo_crate_and_compare_jobs_in_corpora(
    exercise: &Exercise,
    relative: &str,
) -> Report {
    if !long_corpora_on() {
        return grade_repo_crate_with_jobs(exercise, relative, DEFAULT_JOBS).await;
    }
    let (sequential, concurrent) = tokio::join!(
        grade_repo_crate_with_jobs(exercise, relative, 1),
        grade_repo_crate_with_jobs(exercise, relative, DEFAULT_JOBS),
    );
    assert_same_report(&sequential, &concurrent, relative);
    sequential
}

/// Panics, naming the checks that differ, unless the two reports are the
/// same once stabilised.
pub fn assert_same_report(sequential: &Report, concurrent: &Report, who: &str) {
    let differing: Vec<String> = sequential
        .checks
        .iter()
        .zip(&concurrent.checks)
        .filter(|(one, other)| {
            (
                one.id.as_str(),
                one.status,
                one.points,
                stabilise(&one.message),
            ) != (
                other.id.as_str(),
                other.status,
                other.points,
                stabilise(&other.message),
            )
        })
        .map(|(one, other)| {
            format!(
                "  {} [{}, {} pts]: {}\n  {} [{}, {} pts]: {}",
                one.id,
                one.status,
                one.points,
                one.message,
                other.id,
                other.status,
                other.points,
                other.message
            )
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{who}: --jobs 1 and --jobs {DEFAULT_JOBS} disagree (first line sequential, second concurrent):\n{}",
        differing.join("\n")
    );
    assert_eq!(
        stable_json(sequential),
        stable_json(concurrent),
        "{who}: the JSON reports under --jobs 1 and --jobs {DEFAULT_JOBS} differ"
    );
    assert_eq!(
        stable_text(sequential),
        stable_text(concurrent),
        "{who}: the text reports under --jobs 1 and --jobs {DEFAULT_JOBS} differ"
    );
}

/// Options for the graders' tests: the defaults, with each service's
/// working directory in `/dev/shm` (a tmpfs), as `kit grade` has it in a
/// tmpfs of its own: a service's `fsync`s then cost nothing, and the
/// tests' gradings take the time they take under `kit grade`.
pub fn test_run_options() -> RunOptions {
    RunOptions {
        work_root: scratch_root(),
        ..RunOptions::default()
    }
}

/// `/dev/shm/interview-kit-tests`, made if missing; `None` (the system's
/// temporary folder) where there is no `/dev/shm` to write to.
fn scratch_root() -> Option<PathBuf> {
    let root = PathBuf::from("/dev/shm/interview-kit-tests");
    std::fs::create_dir_all(&root).ok().map(|()| root)
}

/// Options for grading crates of this repository: built where `kit grade`
/// builds them ([`crate::own_crates_target_dir`]: `target/sandbox` unless
/// CI names a folder it keeps), sandboxed as any submission.
pub fn repo_run_options() -> RunOptions {
    let mut options = test_run_options();
    options.build.target_dir = Some(crate::own_crates_target_dir(&repo_root()));
    options
}

/// A one-file Python server of the graders' own tests, graded as a
/// submission is: copied alone into a fresh folder (the only one of the
/// machine its sandbox sees, besides the system) and run there with
/// `python3 <name> <args>` (the interpreter [`python3`] resolves to). Keep
/// the folder until the grading ends.
pub fn python_server(script: &std::path::Path, args: &str) -> (tempfile::TempDir, Target) {
    let dir = tempfile::Builder::new()
        .prefix("kit-test-server-")
        .tempdir()
        .unwrap_or_else(|error| panic!("a temporary folder: {error}"));
    let name = script
        .file_name()
        .unwrap_or_else(|| panic!("{} has no file name", script.display()));
    std::fs::copy(script, dir.path().join(name))
        .unwrap_or_else(|error| panic!("copying {}: {error}", script.display()));
    let target = Target::Command {
        command: python_exec(&format!("{} {args}", name.to_string_lossy())),
        dir: dir.path().to_path_buf(),
    };
    (dir, target)
}

/// `(id, status)` of every check, for "two runs agree".
pub fn statuses(report: &Report) -> Vec<(String, Status)> {
    report
        .checks
        .iter()
        .map(|check| (check.id.clone(), check.status))
        .collect()
}

/// Panics when the checks a report lost differ from those expected: `kept`
/// were expected to be lost but earned their points, `extra` were lost but
/// not expected. The message names each with its evidence, and ends with
/// the service's last `output_lines` lines. `who` names the submission.
pub fn assert_same_lost(
    report: &Report,
    who: &str,
    kept: &[&str],
    extra: &[&str],
    output_lines: usize,
) {
    use std::fmt::Write as _;
    if kept.is_empty() && extra.is_empty() {
        return;
    }
    let mut message = format!(
        "{who}: the lost checks differ from the expected list (score {}/{})\n",
        report.score.points, report.score.max
    );
    if !kept.is_empty() {
        let _ = writeln!(
            message,
            "expected to be lost, but earned their points:\n{}",
            describe_checks(report, kept)
        );
    }
    if !extra.is_empty() {
        let _ = writeln!(
            message,
            "lost, but not expected (a contract line that makes it a fault, or a grader bug?):\n{}",
            describe_checks(report, extra)
        );
    }
    let _ = write!(
        message,
        "service output (last {output_lines} lines):\n{}",
        service_output_tail(report, output_lines)
    );
    panic!("{message}");
}

/// The checks that did not pass, with their messages, for assertion output.
pub fn failures(report: &Report) -> String {
    report
        .checks
        .iter()
        .filter(|check| check.status != Status::Pass)
        .map(|check| format!("{} [{}]: {}", check.id, check.status, check.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What varies between runs, and its placeholder.
const VOLATILE: &[(&str, &str)] = &[
    (
        r"graded   .* UTC, took [0-9.]+ s, kit .*",
        "graded   [date], took [duration], kit [version]",
    ),
    (r"ready in \d+ ms", "ready in [ms]"),
    (r"(?m)^  sandbox  .*\n(  WARNING  .*\n)?", ""),
    (r"printed \d+ bytes", "printed [n] bytes"),
    // Express tags each answer with a hash of its body (ids, tokens).
    (r"(?m)^(\s*)etag: .*$", "${1}etag: [etag]"),
    // A project runs from a private copy; a stack trace may name it.
    (r"kit-submission-[A-Za-z0-9]+", "kit-submission-[copy]"),
    (r"\d+ ms", "[n] ms"),
    (r"\d+ µs", "[n] µs"),
    (r"scanned \d+ bytes", "scanned [n] bytes"),
    // A truncated body's size counts the digits of the ids it echoes.
    (r"\(\d+ bytes in all\)", "([n] bytes in all)"),
    // Derived from the service's clock: a slow burst makes 60 become 59.
    (r"Retry-After: \d+", "Retry-After: [n]"),
    (
        r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*",
        "[jwt]",
    ),
    (r#""token":"[^"]*""#, r#""token":"[token]""#),
    (r"token=[A-Za-z0-9_-]+", "token=[token]"),
    (r"/(\w+)/\d+", "/$1/[id]"),
    (r#""(id|sub)":("?)\d+("?)"#, r#""$1":$2[id]$3"#),
    (r"\bid \d+", "id [id]"),
    (r"\bid \(\d+\)", "id ([id])"),
    (r#"sub = "\d+""#, r#"sub = "[id]""#),
];

fn stabilise(text: &str) -> String {
    let root = repo_root().display().to_string();
    VOLATILE.iter().fold(
        text.replace(&root, "[repo]"),
        |text, (pattern, replacement)| {
            regex_lite::Regex::new(pattern)
                .unwrap_or_else(|error| panic!("{pattern}: {error}"))
                .replace_all(&text, *replacement)
                .into_owned()
        },
    )
}

/// The text report, stabilised.
pub fn stable_text(report: &Report) -> String {
    stabilise(&render_text(report))
}

/// The JSON report, stabilised, with evidence reduced to its size (the text
/// snapshot shows the evidence of every check that lost points).
pub fn stable_json(report: &Report) -> Value {
    let mut value = serde_json::to_value(report).unwrap_or_else(|error| panic!("{error}"));
    value["target"]["path"] = "[repo]/...".into();
    value["started_at"] = "[date]".into();
    value["duration_ms"] = "[ms]".into();
    value["kit_version"] = "[version]".into();
    // Changes with any edit of the graded crate.
    value["submission_hash"] = "[hash]".into();
    value["build"] = "[build]".into();
    value["service"] = "[service]".into();
    value["sandbox"] = "[sandbox]".into();
    if let Some(checks) = value["checks"].as_array_mut() {
        for check in checks {
            check["duration_ms"] = "[ms]".into();
            let exchanges = check["evidence"].as_array().map(Vec::len).unwrap_or(0);
            check["evidence"] = format!("[{exchanges} exchanges]").into();
            check["message"] = stabilise(check["message"].as_str().unwrap_or_default()).into();
            // Notes record measurements per attempt: a timing check that
            // needed its second try has one more. Not part of the snapshot.
            // Likewise the number of exchanges left out: checks that probe
            // until something finishes (a stall check) send a varying number.
            if let Some(check) = check.as_object_mut() {
                check.remove("notes");
                if check.contains_key("evidence_omitted") {
                    check.insert("evidence_omitted".to_owned(), "[count]".into());
                }
            }
        }
    }
    value
}

/// Lines of the service's output quoted when a corpus test fails.
pub const FAILURE_OUTPUT_LINES: usize = 25;

/// The last `lines` lines of what the main instance printed.
pub fn service_output_tail(report: &Report, lines: usize) -> String {
    let output = report
        .service
        .as_ref()
        .map(|service| service.output_tail.as_str())
        .unwrap_or_default();
    let all: Vec<&str> = output.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Panics, with the run's reason and the service's last words, unless the
/// grading run completed.
pub fn expect_completed(report: &Report, what: &str) {
    assert!(
        report.status == RunStatus::Completed,
        "{what}: the grading run did not complete: {}\nservice output (last {FAILURE_OUTPUT_LINES} lines):\n{}",
        report.error.as_deref().unwrap_or("(no reason given)"),
        service_output_tail(report, FAILURE_OUTPUT_LINES)
    );
}

/// One line per check: id, status, points, message, then its notes; for the
/// failure messages of the broken-variant corpora.
pub fn describe_checks(report: &Report, ids: &[&str]) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    for id in ids {
        match report.check(id) {
            Some(check) => {
                let _ = writeln!(
                    text,
                    "  - {id} [{}, {}/{} pts]: {}",
                    check.status, check.points, check.max, check.message
                );
                for note in &check.notes {
                    let _ = writeln!(text, "      note: {}", note.replace('\n', "\n        "));
                }
            }
            None => {
                let _ = writeln!(text, "  - {id}: not in the report");
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::stabilise;

    #[test]
    fn volatile_text_is_replaced() {
        assert_eq!(
            stabilise("PUT /products/17 took 12 ms"),
            "PUT /products/[id] took [n] ms"
        );
        assert_eq!(
            stabilise(r#"{"id":7,"sub":"7"}"#),
            r#"{"id":[id],"sub":"[id]"}"#
        );
        assert_eq!(stabilise("Bearer eyJhbGc.eyJzdWIi.sig-_x"), "Bearer [jwt]");
        assert_eq!(
            stabilise(r#"{"token":"abc","new_password":"x"}"#),
            r#"{"token":"[token]","new_password":"x"}"#
        );
        assert_eq!(
            stabilise("/reset-password?token=Ab_9"),
            "/reset-password?token=[token]"
        );
    }
}
