//! `kit batch`: a cohort of `--cmd`-style submissions (the Q1 Python
//! reference server, as is and with a fault, a program that never serves,
//! a folder that says nothing of how it runs) graded in one command, two at
//! a time; run again, only what changed is graded; interrupted, what
//! finished is kept and the next run completes the rest.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use kit_harness::testing::{Tool, require};
use serde_json::Value;

use crate::common::{processes_with, q1_python_submission, repo_root, stderr};

fn batch(cohort: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["batch", "q1"])
        .arg(cohort)
        .arg("--out")
        .arg(out)
        .args(["--timeout", "120"])
        .args(extra)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"))
}

fn read_index(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("index.json"))
        .unwrap_or_else(|error| panic!("index.json: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// `name -> (outcome, points)` of the index.
fn outcomes(index: &Value) -> Vec<(String, String, Option<u64>)> {
    index["submissions"]
        .as_array()
        .unwrap_or_else(|| panic!("no submissions in {index:#}"))
        .iter()
        .map(|entry| {
            (
                entry["name"].as_str().unwrap_or_default().to_owned(),
                entry["outcome"].as_str().unwrap_or_default().to_owned(),
                entry["points"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_cohort_is_graded_in_one_command_and_a_second_run_grades_only_what_changed() {
    if !require(
        "a_cohort_is_graded_in_one_command_and_a_second_run_grades_only_what_changed",
        &[Tool::Python3],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (cohort, out) = (dir.path().join("cohort"), dir.path().join("reports"));
    q1_python_submission(&cohort, "alice", "python3 products.py");
    q1_python_submission(
        &cohort,
        "bob",
        "python3 products.py --fault delete-always-204",
    );
    // Exits at once: `kit grade` still writes a report (status `error`).
    q1_python_submission(&cohort, "carol", "python3 -c 'raise SystemExit(3)'");
    std::fs::create_dir_all(cohort.join("dave")).unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(cohort.join("dave/app.js"), "").unwrap_or_else(|error| panic!("{error}"));

    let first = batch(&cohort, &out, &["--jobs", "2"]);
    let log = stderr(&first);
    // dave could not be graded: exit 1, everything else written.
    assert_eq!(first.status.code(), Some(1), "{log}");
    let index = read_index(&out);
    assert_eq!(index["schema"], "interview-kit/batch/v1");
    assert_eq!(index["exercise"], "q1-products");
    assert_eq!(
        outcomes(&index),
        [
            ("alice".to_owned(), "graded".to_owned(), Some(100)),
            ("bob".to_owned(), "graded".to_owned(), Some(97)),
            ("carol".to_owned(), "graded".to_owned(), Some(0)),
            ("dave".to_owned(), "not_graded".to_owned(), None),
        ],
        "{log}\n{index:#}"
    );
    for name in ["alice", "bob", "carol"] {
        let report: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(name).join("report.json"))
                .unwrap_or_else(|error| panic!("{name}: {error}")),
        )
        .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(
            report["submission_hash"]
                .as_str()
                .is_some_and(|hash| hash.starts_with("sha256:")),
            "{report:#}"
        );
        assert!(out.join(name).join("report.html").is_file(), "{name}");
    }
    // alice and bob differ only in their manifest: different hashes.
    let hashes: Vec<&str> = index["submissions"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|entry| entry["hash"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(hashes.len(), 4, "{index:#}");
    assert_ne!(hashes[0], hashes[1]);
    // The cohort: ranking and statistics, in the index and on the page.
    assert_eq!(index["cohort"]["schema"], "interview-kit/cohort/v1");
    assert_eq!(index["cohort"]["rows"].as_array().map(Vec::len), Some(3));
    let page = std::fs::read_to_string(out.join("cohort.html"))
        .unwrap_or_else(|error| panic!("cohort.html: {error}"));
    assert!(page.contains("alice") && page.contains("bob"), "{page}");

    // bob fixes his bug: only he is graded again.
    std::fs::write(
        cohort.join("bob/interview-kit.toml"),
        "command = \"python3 products.py\"\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let second = batch(&cohort, &out, &["--jobs", "2"]);
    let log = stderr(&second);
    assert_eq!(
        outcomes(&read_index(&out)),
        [
            ("alice".to_owned(), "kept".to_owned(), Some(100)),
            ("bob".to_owned(), "graded".to_owned(), Some(100)),
            ("carol".to_owned(), "kept".to_owned(), Some(0)),
            ("dave".to_owned(), "not_graded".to_owned(), None),
        ],
        "{log}"
    );
    assert!(log.contains("alice: kept"), "{log}");

    // --force grades everyone again.
    let forced = batch(&cohort, &out, &["--jobs", "2", "--force"]);
    let graded = outcomes(&read_index(&out))
        .into_iter()
        .filter(|(_, outcome, _)| outcome == "graded")
        .count();
    assert_eq!(graded, 3, "{}", stderr(&forced));
}

#[test]
fn an_interrupted_batch_keeps_what_finished_leaves_nothing_running_and_resumes() {
    if !require(
        "an_interrupted_batch_keeps_what_finished_leaves_nothing_running_and_resumes",
        &[Tool::Python3],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let (cohort, out) = (dir.path().join("cohort"), dir.path().join("reports"));
    q1_python_submission(&cohort, "quick", "python3 products.py");
    // Serves nothing and never exits: its grading waits out the readiness
    // bound (20 s), long enough to be interrupted. The marker names it.
    let marker = format!("kit-batch-interrupt-{}", std::process::id());
    q1_python_submission(
        &cohort,
        "slow",
        &format!("exec python3 -c 'import time; time.sleep(600)' {marker}"),
    );

    let child = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["batch", "q1"])
        .arg(&cohort)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1"])
        .current_dir(repo_root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"));
    // `quick` is graded first (by name); interrupt once `slow` runs.
    let started = Instant::now();
    while processes_with(&marker).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the slow submission never started"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT)
        .unwrap_or_else(|error| panic!("{error}"));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    let log = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{log}");
    assert!(
        processes_with(&marker).is_empty(),
        "the interrupted submission is still running:\n{log}"
    );
    assert_eq!(
        outcomes(&read_index(&out)),
        [
            ("quick".to_owned(), "graded".to_owned(), Some(100)),
            ("slow".to_owned(), "interrupted".to_owned(), None),
        ],
        "{log}"
    );

    // The next run keeps `quick` and grades `slow` (which never serves:
    // a report all the same, with the reason).
    let resumed = batch(&cohort, &out, &["--jobs", "1"]);
    let log = stderr(&resumed);
    assert_eq!(resumed.status.code(), Some(0), "{log}");
    assert_eq!(
        outcomes(&read_index(&out)),
        [
            ("quick".to_owned(), "kept".to_owned(), Some(100)),
            ("slow".to_owned(), "graded".to_owned(), Some(0)),
        ],
        "{log}"
    );
}
