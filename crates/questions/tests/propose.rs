//! The questions proposed for a report follow its results: what it lost
//! first, then a strength, then general questions; 3 to 5, one per topic.

use chrono::{TimeZone, Utc};
use kit_questions::{Bank, MAX_PROPOSED, MIN_PROPOSED, propose};
use kit_report::{CheckResult, ProposedQuestion, Report, SCHEMA, Score};
use kit_report::{Kind, RunStatus, Status, Target};

fn bank() -> Bank {
    Bank::embedded().unwrap_or_else(|error| panic!("{error}"))
}

fn check(id: &str, kind: Kind, status: Status, max: u32) -> CheckResult {
    CheckResult {
        id: id.to_owned(),
        title: format!("title of {id}"),
        criterion: "c".to_owned(),
        kind,
        status,
        points: if status == Status::Pass { max } else { 0 },
        max,
        message: String::new(),
        evidence: Vec::new(),
        evidence_omitted: 0,
        notes: Vec::new(),
        blocked_by: Vec::new(),
        duration_ms: 1,
    }
}

fn report(exercise: &str, status: RunStatus, checks: Vec<CheckResult>) -> Report {
    Report {
        schema: SCHEMA.to_owned(),
        exercise: exercise.to_owned(),
        exercise_title: "Exercise".to_owned(),
        target: Target::Command {
            command: "true".to_owned(),
            dir: ".".into(),
        },
        kit_version: "0.0.0".to_owned(),
        grader_version: None,
        submission_hash: None,
        started_at: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
        duration_ms: 0,
        status,
        error: None,
        only: Vec::new(),
        score: Score {
            points: checks.iter().map(|check| check.points).sum(),
            max: checks.iter().map(|check| check.max).sum(),
        },
        criteria: Vec::new(),
        checks,
        review: Vec::new(),
        build: None,
        service: None,
        sandbox: None,
        signals: None,
        questions: Vec::new(),
        manual_review: None,
    }
}

fn ids(questions: &[ProposedQuestion]) -> Vec<&str> {
    questions
        .iter()
        .map(|question| question.id.as_str())
        .collect()
}

fn assert_well_formed(questions: &[ProposedQuestion]) {
    assert!(
        (MIN_PROPOSED..=MAX_PROPOSED).contains(&questions.len()),
        "{} questions: {:?}",
        questions.len(),
        ids(questions)
    );
    let mut topics: Vec<&str> = questions.iter().map(|q| q.topic.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    assert_eq!(
        topics.len(),
        questions.len(),
        "a topic twice: {:?}",
        ids(questions)
    );
}

#[test]
fn an_accepted_alg_none_token_leads_to_the_jwt_question() {
    let report = report(
        "q2-auth",
        RunStatus::Completed,
        vec![
            check("q2.register.ok", Kind::Core, Status::Pass, 4),
            check("q2.login.ok", Kind::Core, Status::Pass, 4),
            check("q2.tokens.alg_none", Kind::Core, Status::Fail, 3),
        ],
    );
    let questions = propose(&bank(), &report);
    assert_well_formed(&questions);
    let first = &questions[0];
    assert_eq!(first.topic, "JSON Web Tokens", "{:?}", ids(&questions));
    assert!(first.id.starts_with("jwt."), "{:?}", ids(&questions));
    assert!(
        first.because.starts_with("lost: ") && first.because.contains("q2.tokens.alg_none"),
        "{}",
        first.because
    );
    assert!(!first.good_answer.is_empty());
}

#[test]
fn a_missed_pagination_check_leads_to_the_pagination_question() {
    let report = report(
        "q1-products",
        RunStatus::Completed,
        vec![
            check("q1.create.ok", Kind::Core, Status::Pass, 5),
            check("q1.pagination.pages", Kind::Bonus, Status::Fail, 4),
            check("q1.pagination.defaults", Kind::Bonus, Status::Blocked, 2),
        ],
    );
    let questions = propose(&bank(), &report);
    assert_well_formed(&questions);
    assert_eq!(
        questions[0].topic,
        "Pagination and filtering",
        "{:?}",
        ids(&questions)
    );
    // The failed check is named before the one it blocked.
    let because = &questions[0].because;
    let failed = because.find("q1.pagination.pages");
    let blocked = because.find("q1.pagination.defaults");
    assert!(
        failed.is_some() && blocked.is_none_or(|blocked| Some(blocked) > failed),
        "{because}"
    );
}

#[test]
fn gaps_come_before_strengths_and_general_questions() {
    let report = report(
        "q2-auth",
        RunStatus::Completed,
        vec![
            check(
                "q2.tokens.other_algorithms",
                Kind::Advanced,
                Status::Pass,
                2,
            ),
            check("q2.storage.strong_hash", Kind::Core, Status::Fail, 4),
        ],
    );
    let questions = propose(&bank(), &report);
    assert_well_formed(&questions);
    let kinds: Vec<&str> = questions
        .iter()
        .map(|question| question.because.split(':').next().unwrap_or(""))
        .collect();
    let first_passed = kinds.iter().position(|kind| *kind == "passed");
    let last_lost = kinds.iter().rposition(|kind| *kind == "lost");
    assert!(last_lost.is_some() && first_passed.is_some(), "{kinds:?}");
    assert!(last_lost < first_passed, "{kinds:?}");
    assert!(
        questions.iter().all(|q| q.because.starts_with("lost: ")
            || q.because.starts_with("passed: ")
            || q.because == "a general question for q2"),
        "{:?}",
        questions.iter().map(|q| &q.because).collect::<Vec<_>>()
    );
}

#[test]
fn a_perfect_submission_gets_strength_and_general_questions_only() {
    let report = report(
        "q3-ratelimit",
        RunStatus::Completed,
        vec![
            check("q3.window.rolling", Kind::Core, Status::Pass, 10),
            check("q3.redis.atomic", Kind::Advanced, Status::Pass, 5),
        ],
    );
    let questions = propose(&bank(), &report);
    assert_well_formed(&questions);
    assert!(
        questions.iter().all(|q| !q.because.starts_with("lost")),
        "{:?}",
        ids(&questions)
    );
}

#[test]
fn a_submission_that_never_ran_gets_general_questions() {
    let questions = propose(
        &bank(),
        &report("q1-products", RunStatus::Error, Vec::new()),
    );
    assert_eq!(questions.len(), MIN_PROPOSED, "{:?}", ids(&questions));
    assert!(
        questions
            .iter()
            .all(|q| q.because == "a general question for q1")
    );
}

#[test]
fn many_gaps_still_give_at_most_five_questions_and_the_same_ones_each_time() {
    let checks: Vec<CheckResult> = [
        "q2.register.ok",
        "q2.login.ok",
        "q2.storage.strong_hash",
        "q2.storage.salted",
        "q2.tokens.alg_none",
        "q2.tokens.expiry",
        "q2.reset.single_use",
        "q2.login.throttling",
        "q2.login.sql_fragments",
    ]
    .into_iter()
    .map(|id| check(id, Kind::Core, Status::Fail, 3))
    .collect();
    let report = report("q2-auth", RunStatus::Completed, checks);
    let first = propose(&bank(), &report);
    assert_well_formed(&first);
    assert_eq!(first.len(), MAX_PROPOSED);
    assert_eq!(first, propose(&bank(), &report));
}
