//! The Q2 grader against the real starter and reference solution, built and
//! run as any submission would be: the solution earns every point, the
//! starter exactly the points of what it already does, and a second run
//! agrees with the first.

use kit_harness::testing::{failures, grade_repo_crate, stable_json, stable_text, statuses};
use kit_harness::{Report, Status};

/// What the starter already does: registration that answers like the
/// contract (but stores the password as given), and the JSON error plumbing.
const STARTER_PASSES: &[&str] = &[
    "q2.register.status_201",
    "q2.register.no_password_in_response",
    "q2.register.malformed_400",
];

async fn grade_crate(relative: &str) -> Report {
    grade_repo_crate(&q2_auth_grader::exercise(), relative).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_every_time() {
    let first = grade_crate("solutions/q2-auth").await;
    assert_eq!(
        first.score.points,
        100,
        "the solution lost points:\n{}",
        failures(&first)
    );
    assert_eq!(first.score.max, 100);
    insta::assert_snapshot!("solution_text", stable_text(&first));
    insta::assert_json_snapshot!("solution_json", stable_json(&first));

    let second = grade_crate("solutions/q2-auth").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees:\n{}",
        failures(&second)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_starter_earns_only_what_it_already_does_every_time() {
    let first = grade_crate("starters/q2-auth").await;
    let passed = first.ids_with_status(Status::Pass);
    assert_eq!(
        passed,
        STARTER_PASSES,
        "the starter's passing checks changed:\n{}",
        failures(&first)
    );
    insta::assert_snapshot!("starter_text", stable_text(&first));
    insta::assert_json_snapshot!("starter_json", stable_json(&first));

    let second = grade_crate("starters/q2-auth").await;
    assert_eq!(
        statuses(&second),
        statuses(&first),
        "a second run disagrees"
    );
}
