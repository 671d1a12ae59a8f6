//! The Q3 grader against the real starter and reference solution, built and
//! run as any submission would be: the solution earns every point (the Redis
//! check included), the starter only what it already does, and a second
//! run agrees with the first. Both need redis-server: without it the Redis
//! checks are `skipped`, and the reports differ.

use kit_harness::testing::{
    Tool, failures, grade_repo_crate, require, stable_json, stable_text, statuses,
};
use kit_harness::{Report, Status};

/// The starter's limiter lets everything through; the notes API works.
const STARTER_PASSES: &[&str] = &["q3.api.still_works"];

async fn grade_crate(relative: &str) -> Report {
    grade_repo_crate(&q3_ratelimit_grader::exercise(), relative).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_every_time() {
    // Without redis-server the Redis checks would be `skipped`, not passed.
    if !require(
        "the_reference_solution_earns_every_point_every_time",
        &[Tool::RedisServer],
    ) {
        return;
    }
    let first = grade_crate("solutions/q3-ratelimit").await;
    assert_eq!(
        first.score.points,
        100,
        "the solution lost points:\n{}",
        failures(&first)
    );
    assert_eq!(first.score.max, 100);
    insta::assert_snapshot!("solution_text", stable_text(&first));
    insta::assert_json_snapshot!("solution_json", stable_json(&first));

    let second = grade_crate("solutions/q3-ratelimit").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees:\n{}",
        failures(&second)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_starter_earns_only_what_it_already_does_every_time() {
    // Its snapshot has the Redis check failed, not `skipped`.
    if !require(
        "the_starter_earns_only_what_it_already_does_every_time",
        &[Tool::RedisServer],
    ) {
        return;
    }
    let first = grade_crate("starters/q3-ratelimit").await;
    let passed = first.ids_with_status(Status::Pass);
    assert_eq!(
        passed,
        STARTER_PASSES,
        "the starter's passing checks changed:\n{}",
        failures(&first)
    );
    insta::assert_snapshot!("starter_text", stable_text(&first));
    insta::assert_json_snapshot!("starter_json", stable_json(&first));

    let second = grade_crate("starters/q3-ratelimit").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees"
    );
}
