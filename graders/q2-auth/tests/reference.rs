//! The Q2 grader against the real starter and reference solution, built and
//! run as any submission would be: the solution earns every point, the
//! starter exactly the points of what it already does, and (under
//! `KIT_CORPORA=1`, as in CI) a run one check at a time (`--jobs 1`) gives
//! the same report as one with the default jobs.

use kit_harness::testing::{
    failures, grade_repo_crate_and_compare_jobs_in_corpora, stable_json, stable_text,
};
use kit_harness::{Report, Status};

#[path = "support/starter_passes.rs"]
mod starter_passes;

use starter_passes::STARTER_PASSES;

/// Grades `relative` with the default jobs (and, under the corpora, one
/// check at a time too, and compares the two reports).
async fn grade_crate(relative: &str) -> Report {
    grade_repo_crate_and_compare_jobs_in_corpora(&q2_auth_grader::exercise(), relative).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_whatever_the_jobs() {
    let report = grade_crate("solutions/q2-auth").await;
    assert_eq!(
        report.score.points,
        100,
        "the solution lost points:\n{}",
        failures(&report)
    );
    assert_eq!(report.score.max, 100);
    insta::assert_snapshot!("solution_text", stable_text(&report));
    insta::assert_json_snapshot!("solution_json", stable_json(&report));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_starter_earns_only_what_it_already_does_whatever_the_jobs() {
    let report = grade_crate("starters/q2-auth").await;
    let passed = report.ids_with_status(Status::Pass);
    assert_eq!(
        passed,
        STARTER_PASSES,
        "the starter's passing checks changed:\n{}",
        failures(&report)
    );
    insta::assert_snapshot!("starter_text", stable_text(&report));
    insta::assert_json_snapshot!("starter_json", stable_json(&report));
}
