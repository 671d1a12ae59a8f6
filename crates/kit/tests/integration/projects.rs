//! `kit grade` on Python and Node projects with no `--cmd`: recognised by
//! their files, installed in a private copy, their own install scripts
//! never run, the candidate's folder never written to.

use std::path::Path;

use kit_harness::testing::{Tool, require};
use serde_json::Value;

use crate::common::{kit, repo_root, stderr};

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
}

/// The files under `dir`, sorted: to see that grading wrote nothing there.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{error}"))
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn graded(dir: &Path, extra: &[&str]) -> Value {
    let out = dir.with_extension("report.json");
    let out_arg = out.to_string_lossy().into_owned();
    let dir_arg = dir.to_string_lossy().into_owned();
    let mut args = vec![
        "grade",
        "q1",
        dir_arg.as_str(),
        "--format",
        "json",
        "--out",
        out_arg.as_str(),
    ];
    args.extend_from_slice(extra);
    let output = kit(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&out).unwrap_or_else(|error| panic!("{error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_python_project_is_installed_and_graded_without_cmd() {
    if !require(
        "a_python_project_is_installed_and_graded_without_cmd",
        &[Tool::Python3],
    ) {
        return;
    }
    let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let dir = root.path().join("ann");
    std::fs::create_dir(&dir).unwrap_or_else(|error| panic!("{error}"));
    std::fs::copy(
        repo_root().join("graders/q1-products/tests/servers/products.py"),
        dir.join("main.py"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    // No dependencies: the server uses the standard library only.
    write(&dir.join("requirements.txt"), "# standard library only\n");
    let before = listing(&dir);

    let report = graded(&dir, &["--only", "q1.create"]);
    assert_eq!(report["status"], "completed", "{report:#}");
    assert_eq!(report["target"]["kind"], "project", "{report:#}");
    assert_eq!(report["target"]["toolchain"], "python");
    assert_eq!(report["target"]["command"], "python main.py");
    assert_eq!(
        report["score"]["points"], report["score"]["max"],
        "{report:#}"
    );
    assert_eq!(
        listing(&dir),
        before,
        "grading wrote into the candidate's folder"
    );
}

#[test]
fn a_node_project_is_built_but_its_own_install_scripts_never_run() {
    if !require(
        "a_node_project_is_built_but_its_own_install_scripts_never_run",
        &[Tool::Node],
    ) {
        return;
    }
    let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let dir = root.path().join("bob");
    std::fs::create_dir(&dir).unwrap_or_else(|error| panic!("{error}"));
    // Install scripts run code while installing: the kit never runs a
    // submission's own (only its dependencies', offline). `build` runs.
    write(
        &dir.join("package.json"),
        r#"{
  "name": "bob",
  "version": "1.0.0",
  "private": true,
  "scripts": {
    "preinstall": "touch ran-install-script",
    "install": "touch ran-install-script",
    "postinstall": "touch ran-install-script",
    "prepare": "touch ran-install-script",
    "build": "touch built",
    "start": "node server.js"
  }
}
"#,
    );
    // Refuses to start unless `npm run build` ran and no install script did.
    write(
        &dir.join("server.js"),
        r#"const fs = require("fs");
const http = require("http");
if (fs.existsSync("ran-install-script")) { console.error("an install script ran"); process.exit(1); }
if (!fs.existsSync("built")) { console.error("npm run build did not run"); process.exit(1); }
http.createServer((req, res) => {
  if (req.url === "/health") { res.writeHead(200); res.end("ok"); return; }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "no such product" }));
}).listen(Number(process.env.PORT), process.env.HOST);
"#,
    );
    let before = listing(&dir);

    let report = graded(&dir, &["--only", "q1.errors.not_found_json"]);
    assert_eq!(report["status"], "completed", "{report:#}");
    assert_eq!(report["target"]["toolchain"], "node");
    assert_eq!(report["target"]["command"], "npm start");
    assert_eq!(
        listing(&dir),
        before,
        "grading wrote into the candidate's folder"
    );
}

#[test]
fn a_folder_that_does_not_say_how_it_runs_is_refused_with_the_ways_to_say_it() {
    let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    write(&root.path().join("notes.txt"), "");
    let output = kit(&["grade", "q1", &root.path().to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let said = stderr(&output);
    for way in [
        "Cargo.toml",
        "interview-kit.toml",
        "package.json",
        "requirements.txt",
        "--cmd",
    ] {
        assert!(said.contains(way), "{way} not named in: {said}");
    }
}
