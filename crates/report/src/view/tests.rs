//! The audience is decided in the view: the candidate's view lacks every
//! part that is the interviewer's only.

use chrono::{TimeZone, Utc};

use super::{RenderOptions, ReportView};
use crate::bands::{Audience, Bands};
use crate::{
    CheckResult, CodeSignals, CriterionScore, Kind, ManualReview, ProposedQuestion, Report,
    ReviewEntry, RunStatus, SCHEMA, SandboxInfo, Score, ServiceInfo, SourceHits, Status, Target,
};

fn check(id: &str, status: Status, kind: Kind) -> CheckResult {
    CheckResult {
        id: format!("q1.{id}"),
        title: format!("Title of {id}"),
        criterion: "methods".to_owned(),
        kind,
        status,
        points: if status == Status::Pass { 5 } else { 0 },
        max: 5,
        message: format!("message of {id}"),
        evidence: Vec::new(),
        evidence_omitted: 0,
        notes: vec![format!("note of {id}")],
        blocked_by: Vec::new(),
        duration_ms: 1,
    }
}

fn report() -> Report {
    Report {
        schema: SCHEMA.to_owned(),
        exercise: "q1-products".to_owned(),
        exercise_title: "Products".to_owned(),
        target: Target::Cargo {
            path: "starters/q1-products".into(),
        },
        kit_version: "0.1.0".to_owned(),
        grader_version: None,
        submission_hash: None,
        started_at: Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .unwrap_or_default(),
        duration_ms: 1500,
        status: RunStatus::Completed,
        error: None,
        only: Vec::new(),
        score: Score { points: 5, max: 20 },
        criteria: vec![CriterionScore {
            id: "methods".to_owned(),
            title: "Methods".to_owned(),
            points: 5,
            max: 20,
        }],
        checks: vec![
            check("pass", Status::Pass, Kind::Core),
            check("fail", Status::Fail, Kind::Advanced),
            check("blocked", Status::Blocked, Kind::Core),
            check("skipped", Status::Skipped, Kind::Bonus),
            check("crash", Status::Crash, Kind::Bonus),
        ],
        review: vec![ReviewEntry {
            id: "organisation".to_owned(),
            title: "Organisation".to_owned(),
            look_for: vec!["handlers".to_owned()],
            levels: Vec::new(),
        }],
        build: None,
        service: Some(ServiceInfo {
            startup_ms: 10,
            starts: 1,
            output_bytes: 5,
            output_tail: "boom\n".to_owned(),
        }),
        sandbox: Some(SandboxInfo {
            mechanism: "none".to_owned(),
            network: "the host's network".to_owned(),
            limits: None,
            build_limits: None,
            visible: Vec::new(),
            warning: Some("unconfined".to_owned()),
        }),
        signals: Some(CodeSignals {
            formatted: Some(true),
            clippy_warnings: Some(0),
            tests: None,
            unwraps: SourceHits::default(),
            unsafe_code: SourceHits::default(),
            notes: Vec::new(),
        }),
        questions: vec![ProposedQuestion {
            id: "a.b".to_owned(),
            topic: "Topic".to_owned(),
            level: "mid".to_owned(),
            ask: "Why?".to_owned(),
            good_answer: Vec::new(),
            red_flags: Vec::new(),
            follow_up: None,
            because: "lost".to_owned(),
        }],
        manual_review: None,
    }
}

fn view(report: &Report, audience: Audience) -> ReportView {
    ReportView::build(
        report,
        &RenderOptions {
            audience,
            bands: Bands::default(),
        },
    )
}

#[test]
fn the_candidate_view_lacks_what_is_the_interviewers_only() {
    let candidate = view(&report(), Audience::Candidate);
    assert!(candidate.score.is_none(), "points and bands");
    assert!(candidate.review.is_none());
    assert!(candidate.signals.is_none());
    assert!(candidate.questions.is_empty());
    assert!(candidate.header.sandbox.is_none());
    assert!(
        candidate
            .header
            .meta
            .iter()
            .all(|(label, _)| !["Sandbox", "Warning"].contains(label)),
        "{:?}",
        candidate.header.meta
    );
    assert!(
        candidate.checks.iter().all(|check| check.detail.is_none()),
        "ids, kinds, points and notes"
    );
    let service = candidate.service.as_ref().map(|service| service.stats);
    assert_eq!(service, Some(None), "the service's figures");
    assert_eq!(candidate.met, Some((1, 4)));
}

#[test]
fn the_interviewer_view_has_every_part() {
    let interviewer = view(&report(), Audience::Interviewer);
    assert!(interviewer.score.is_some());
    assert!(interviewer.review.is_some());
    assert!(interviewer.signals.is_some());
    assert_eq!(interviewer.questions.len(), 1);
    assert!(interviewer.header.sandbox.is_some());
    assert!(
        interviewer
            .checks
            .iter()
            .all(|check| check.detail.is_some())
    );
    assert!(
        interviewer
            .service
            .as_ref()
            .is_some_and(|service| service.stats.is_some())
    );
    assert_eq!(interviewer.met, None);
}

#[test]
fn the_candidate_sees_the_evidence_of_what_did_not_pass_only() {
    let shown = |audience| -> Vec<String> {
        view(&report(), audience)
            .detailed
            .into_iter()
            .flat_map(|group| group.checks)
            .map(|check| check.title)
            .collect()
    };
    assert_eq!(
        shown(Audience::Candidate),
        ["Title of fail", "Title of crash"]
    );
    assert_eq!(shown(Audience::Interviewer).len(), 5);
}

#[test]
fn wording_follows_the_audience() {
    let crash = |audience| {
        view(&report(), audience)
            .with_status(Status::Crash)
            .map(|check| check.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(crash(Audience::Interviewer), ["service crashed"]);
    assert_eq!(crash(Audience::Candidate), ["your service crashed"]);
    // Kinds: the candidate reads "optional part", never "bonus" or "advanced".
    let candidate = view(&report(), Audience::Candidate);
    let gaps: Vec<&String> = candidate.gaps.iter().flat_map(|gap| &gap.items).collect();
    assert!(gaps.iter().any(|item| item.contains("optional part")));
    assert!(
        gaps.iter()
            .all(|item| !item.contains("bonus") && !item.contains("advanced"))
    );
}

#[test]
fn a_service_without_trouble_is_not_shown_to_the_candidate() {
    let mut calm = report();
    calm.checks.retain(|check| check.status != Status::Crash);
    assert!(view(&calm, Audience::Candidate).service.is_none());
    let interviewer = view(&calm, Audience::Interviewer);
    assert!(
        interviewer
            .service
            .is_some_and(|service| service.output.is_none() && service.stats.is_some())
    );
}

#[test]
fn a_merged_review_replaces_the_items_to_review() {
    let mut reviewed = report();
    reviewed.manual_review = Some(ManualReview {
        reviewer: None,
        summary: None,
        criteria: Vec::new(),
    });
    assert!(matches!(
        view(&reviewed, Audience::Interviewer).review,
        Some(super::ReviewView::Reviewed { .. })
    ));
    assert!(view(&reviewed, Audience::Candidate).review.is_none());
}
