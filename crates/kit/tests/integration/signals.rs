//! Code signals end to end: `kit grade` of a cargo crate measures them and
//! puts them in the report (shown, never scored); `--no-signals` and `--cmd`
//! targets have none. The crate (`tests/targets/signals`) is built to trip
//! every signal: misformatted, a clippy warning, one failing test of two,
//! one `unwrap()` and one `unsafe` block outside tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{repo_root, stderr};

/// A copy of the target crate outside the repository, as a candidate's
/// folder would be.
fn candidate_crate(dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/targets/signals");
    let copy = dir.join("candidate");
    for file in ["Cargo.toml", "src/main.rs", "tests/fails.rs"] {
        let to = copy.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
        }
        std::fs::copy(source.join(file), &to).unwrap_or_else(|error| panic!("{file}: {error}"));
    }
    copy
}

fn grade(candidate: &Path, out: &Path, extra: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_kit"))
        .args(["grade", "q1"])
        .arg(candidate)
        .args([
            "--only",
            "q1.create.status_201",
            "--format",
            "json",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run kit: {error}"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(out).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// The flaws `tests/targets/signals` is built with, each found: proof that
/// every tool (fmt, clippy, the tests, the source scan) ran on it.
fn assert_the_target_crates_flaws_were_found(signals: &Value) {
    assert_eq!(signals["formatted"], false, "{signals:#}");
    assert!(
        signals["clippy_warnings"]
            .as_u64()
            .is_some_and(|count| count >= 1),
        "{signals:#}"
    );
    assert_eq!(
        signals["tests"],
        serde_json::json!({ "passed": 1, "failed": 1, "ignored": 0 }),
        "{signals:#}"
    );
    assert_eq!(signals["unwraps"]["count"], 1, "{signals:#}");
}

#[test]
fn a_cargo_crate_is_graded_with_its_code_signals() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let candidate = candidate_crate(dir.path());
    let report = grade(&candidate, &dir.path().join("report.json"), &[]);
    // It never serves: the run is an error report, but the signals are there.
    assert_eq!(report["status"], "error", "{report:#}");
    let signals = &report["signals"];
    assert_the_target_crates_flaws_were_found(signals);
    assert_eq!(
        signals["unwraps"]["examples"][0],
        "src/main.rs:12: let  badly_formatted   = values.first().copied().unwrap();"
    );
    assert_eq!(signals["unsafe_code"]["count"], 1, "{signals:#}");
    // Signals are not points.
    assert_eq!(report["score"]["points"], 0);
    // Every field is documented.
    let doc = std::fs::read_to_string(repo_root().join("docs/report-format.md"))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut fields = Vec::new();
    for (key, value) in signals.as_object().into_iter().flatten() {
        fields.push(format!("signals.{key}"));
        for inner in value
            .as_object()
            .into_iter()
            .flat_map(|object| object.keys())
        {
            fields.push(format!("signals.{key}.{inner}"));
        }
    }
    for field in fields {
        assert!(
            doc.contains(&format!("| `{field}` |")),
            "{field} is not in docs/report-format.md"
        );
    }

    // Nothing was written into the candidate's folder.
    let mut entries: Vec<String> = std::fs::read_dir(&candidate)
        .unwrap_or_else(|error| panic!("{error}"))
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| panic!("{error}"));
    entries.sort();
    assert_eq!(entries, ["Cargo.toml", "src", "tests"]);
}

#[test]
fn no_signals_leaves_them_out() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let candidate = candidate_crate(dir.path());
    let report = grade(
        &candidate,
        &dir.path().join("report.json"),
        &["--no-signals"],
    );
    assert!(report.get("signals").is_none(), "{report:#}");
}

/// A crate of the kit's own repository named relative to the current folder
/// (as README's `cargo kit grade q1 solutions/q1-products` does) is graded
/// in place; its signals are measured from its absolute path, where the
/// sandbox binds it (a relative one once gave bwrap an empty path).
///
/// The crate is `tests/targets/signals` in place, not a solution: the path
/// handling is the same, its flaws prove every tool ran on it, and it has no
/// dependencies (a solution's clippy and debug builds of actix-web and
/// SQLite cost CI two minutes of CPU and showed nothing more).
#[test]
fn a_repository_crate_named_by_a_relative_path_gets_its_signals_measured() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let relative = Path::new("crates/kit/tests/targets/signals");
    assert!(relative.is_relative() && repo_root().join(relative).is_dir());
    let report = grade(relative, &dir.path().join("report.json"), &[]);
    let signals = &report["signals"];
    // Its one note names its failing test; none says a tool could not run.
    assert!(
        signals["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|note| note
                .as_str()
                .is_some_and(|note| note.starts_with("failing tests: fails"))),
        "{signals:#}"
    );
    assert_the_target_crates_flaws_were_found(signals);
    // Graded in place, and built elsewhere: nothing was written beside it.
    assert!(
        !repo_root().join(relative).join("target").exists(),
        "the build went into the crate's folder"
    );
}
