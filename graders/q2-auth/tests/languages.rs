//! The Q2 starters and reference solutions in Python and TypeScript
//! (`starters/<language>/q2-auth`, `solutions/<language>/q2-auth`), graded as
//! `kit grade` grades a project with no `--cmd`: found by its
//! `interview-kit.toml`, its dependencies installed in a private copy
//! (sandboxed: fetched without running code, installed offline), then run.
//! Each solution earns every point; each starter passes exactly the checks
//! the Rust starter passes: the same task whatever the language.
//!
//! They install from PyPI and npm and compile native modules on a fresh
//! machine, so they run with the long corpora (`KIT_CORPORA=1`, as in CI);
//! they need Python 3 or Node.js.

#[path = "support/starter_passes.rs"]
mod starter_passes;

use kit_harness::Status;
use kit_harness::testing::{Tool, failures, grade_language_project, stable_text};
use starter_passes::STARTER_PASSES;

const TOOLS: &[Tool] = &[];

async fn solution_earns_every_point(test: &str, language: &str) {
    let exercise = q2_auth_grader::exercise();
    let Some(report) = grade_language_project(test, &exercise, "solutions", language, TOOLS).await
    else {
        return;
    };
    assert_eq!(
        (report.score.points, report.score.max),
        (100, 100),
        "the {language} solution lost points:\n{}",
        failures(&report)
    );
    insta::assert_snapshot!(format!("{language}_solution_text"), stable_text(&report));
}

async fn starter_passes_what_the_rust_starter_does(test: &str, language: &str) {
    let exercise = q2_auth_grader::exercise();
    let Some(report) = grade_language_project(test, &exercise, "starters", language, TOOLS).await
    else {
        return;
    };
    assert_eq!(
        report.ids_with_status(Status::Pass),
        STARTER_PASSES,
        "the {language} starter's passing checks differ from the Rust starter's:\n{}",
        failures(&report)
    );
    insta::assert_snapshot!(format!("{language}_starter_text"), stable_text(&report));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_python_solution_earns_every_point() {
    solution_earns_every_point("the_python_solution_earns_every_point", "python").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_typescript_solution_earns_every_point() {
    solution_earns_every_point("the_typescript_solution_earns_every_point", "typescript").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_python_starter_passes_what_the_rust_starter_does() {
    starter_passes_what_the_rust_starter_does(
        "the_python_starter_passes_what_the_rust_starter_does",
        "python",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_typescript_starter_passes_what_the_rust_starter_does() {
    starter_passes_what_the_rust_starter_does(
        "the_typescript_starter_passes_what_the_rust_starter_does",
        "typescript",
    )
    .await;
}
