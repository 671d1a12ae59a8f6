//! The documentation a user reads agrees with the code it describes.

mod common;

use kit_harness::Exercise;

use common::repo_root;

fn exercises() -> Vec<Exercise> {
    vec![
        q1_products_grader::exercise(),
        q2_auth_grader::exercise(),
        q3_ratelimit_grader::exercise(),
    ]
}

/// `(id, kind, points)` of each check row of `docs/scoring.md` for `exercise`.
fn documented(doc: &str, exercise: &Exercise) -> Vec<(String, String, u32)> {
    let row = regex_lite::Regex::new(r"^\| `([a-z0-9_.]+)` \| (core|bonus|advanced) \| (\d+) \|")
        .unwrap_or_else(|error| panic!("{error}"));
    doc.lines()
        .filter_map(|line| row.captures(line))
        .filter(|captures| captures[1].starts_with(&format!("{}.", exercise.id)))
        .map(|captures| {
            (
                captures[1].to_owned(),
                captures[2].to_owned(),
                captures[3].parse().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_scoring_doc_lists_every_check_with_its_kind_and_points() {
    let doc = std::fs::read_to_string(repo_root().join("docs/scoring.md"))
        .unwrap_or_else(|error| panic!("{error}"));
    for exercise in exercises() {
        // The doc groups checks by criterion; the suite orders them to run.
        let mut suite: Vec<(String, String, u32)> = exercise
            .checks
            .iter()
            .map(|check| (check.id.to_owned(), check.kind.to_string(), check.points))
            .collect();
        suite.sort();
        let mut documented = documented(&doc, &exercise);
        documented.sort();
        assert_eq!(
            documented, suite,
            "docs/scoring.md and the {} suite disagree",
            exercise.id
        );
    }
}

#[test]
fn every_exercise_has_a_candidate_brief_naming_its_endpoints() {
    for exercise in exercises() {
        let brief = repo_root().join(format!("docs/{}.md", exercise.name));
        assert!(brief.is_file(), "no candidate brief at {}", brief.display());
    }
}

#[test]
fn every_security_check_of_q2_has_its_rationale() {
    let rationale = std::fs::read_to_string(repo_root().join("docs/q2-security.md"))
        .unwrap_or_else(|error| panic!("{error}"));
    let missing: Vec<&str> = q2_auth_grader::exercise()
        .checks
        .iter()
        .filter(|check| check.criterion == q2_auth_grader::SECURITY)
        .map(|check| check.id)
        .filter(|id| !rationale.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/q2-security.md does not explain {missing:?}"
    );
}
