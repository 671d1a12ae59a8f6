//! The Q3 grader against the real starter and reference solution, built and
//! run as any submission would be: the solution earns every point (the Redis
//! check included), the starter only what it already does, and (under
//! `KIT_CORPORA=1`, as in CI) a run one check at a time (`--jobs 1`) gives
//! the same report as one with the default jobs. Both need redis-server: without it the Redis
//! checks are `skipped`, and the reports differ.

use kit_harness::testing::{
    Tool, failures, grade_repo_crate_and_compare_jobs_in_corpora, require, stable_json, stable_text,
};
use kit_harness::{Report, Status};

#[path = "support/starter_passes.rs"]
mod starter_passes;

use starter_passes::STARTER_PASSES;

/// Grades `relative` with the default jobs (and, under the corpora, one
/// check at a time too, and compares the two reports).
async fn grade_crate(relative: &str) -> Report {
    grade_repo_crate_and_compare_jobs_in_corpora(&q3_ratelimit_grader::exercise(), relative).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_whatever_the_jobs() {
    // Without redis-server the Redis checks would be `skipped`, not passed.
    if !require(
        "the_reference_solution_earns_every_point_whatever_the_jobs",
        &[Tool::RedisServer],
    ) {
        return;
    }
    let report = grade_crate("solutions/q3-ratelimit").await;
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
    // Its snapshot has the Redis check failed, not `skipped`.
    if !require(
        "the_starter_earns_only_what_it_already_does_whatever_the_jobs",
        &[Tool::RedisServer],
    ) {
        return;
    }
    let report = grade_crate("starters/q3-ratelimit").await;
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
