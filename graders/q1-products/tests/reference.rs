//! The grader against the real starter and reference solution, built and run
//! as any submission would be: the solution earns every point, the starter
//! exactly the points of what it already does, and (under `KIT_CORPORA=1`,
//! as in CI) a run one check at a time (`--jobs 1`) gives the same report as
//! one with the default jobs. A
//! copy of the solution with two faults loses exactly the checks of those
//! faults.

mod common;

use kit_harness::testing::{
    failures, grade_repo_crate_and_compare_jobs_in_corpora, repo_root, repo_run_options,
    stable_json, stable_text,
};
use kit_harness::{Quiet, Report, Status, Target};

#[path = "support/starter_passes.rs"]
mod starter_passes;

use starter_passes::STARTER_PASSES;

/// Grades `relative` with the default jobs (and, under the corpora, one
/// check at a time too, and compares the two reports).
async fn grade_crate(relative: &str) -> Report {
    grade_repo_crate_and_compare_jobs_in_corpora(&q1_products_grader::exercise(), relative).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_solution_earns_every_point_whatever_the_jobs() {
    let report = grade_crate("solutions/q1-products").await;
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
    let report = grade_crate("starters/q1-products").await;
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

/// The reference solution with two faults a Rust candidate could make
/// (DELETE answers 200; a path id parsed with `unwrap()`, which panics on
/// `abc`): it loses the one check of each, and nothing else.
#[tokio::test(flavor = "multi_thread")]
async fn a_rust_submission_with_two_faults_loses_exactly_their_checks() {
    let submission = solution_with_two_faults();
    let target = Target::Cargo {
        path: submission.path().to_path_buf(),
    };
    let report = kit_harness::grade(
        &q1_products_grader::exercise(),
        &target,
        &repo_run_options(),
        &Quiet,
    )
    .await;
    common::assert_lost(
        &report,
        "the solution with DELETE → 200 and an unwrap on the path id",
        &[
            "q1.delete.status_204",
            // The panic drops the connection: the malformed-id probes get
            // no answer at all.
            "q1.errors.no_5xx_on_client_mistakes",
        ],
    );
}

/// The reference solution with two faults, made from `solutions/q1-products`
/// at test time (so no copy of it lives in the repository): `DELETE` answers
/// `200` instead of `204`, and `ProductId::parse` unwraps the parse of the
/// path id, so a path id that is not an `i64` panics in the handler. Renamed,
/// so its binary never replaces the solution's in the shared target dir.
fn solution_with_two_faults() -> tempfile::TempDir {
    let root = repo_root();
    let dir = tempfile::Builder::new()
        .prefix("kit-two-faults-")
        .tempdir()
        .unwrap_or_else(|error| panic!("{error}"));
    kit_harness::crate_copy::copy_crate(&root.join("solutions/q1-products"), dir.path())
        .unwrap_or_else(|error| panic!("{error}"));
    // The kit's lock: the versions the solution is tested with (cargo prunes
    // what this crate does not use).
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock"))
        .unwrap_or_else(|error| panic!("{error}"));
    let patch = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file} of the solution no longer has `{from}` exactly once: update this fixture"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|error| panic!("{error}"));
    };
    patch(
        "Cargo.toml",
        "[package]\nname = \"q1-products-solution\"",
        "[workspace]\n\n[package]\nname = \"q1-products-two-faults\"",
    );
    patch(
        "Cargo.toml",
        "[[bin]]\nname = \"q1-products-solution\"",
        "[lib]\nname = \"q1_products_solution\"\npath = \"src/lib.rs\"\n\n[[bin]]\nname = \"q1-products-two-faults\"",
    );
    patch(
        "src/routes/products.rs",
        "Ok(HttpResponse::NoContent().finish())",
        "Ok(HttpResponse::Ok().finish())",
    );
    patch(
        "src/domain/product.rs",
        "raw.parse().ok().map(Self)",
        "Some(Self(raw.parse().unwrap()))",
    );
    dir
}

#[test]
fn the_suite_is_well_formed() {
    let problems = q1_products_grader::exercise().lint();
    assert!(problems.is_empty(), "{problems:#?}");
}
