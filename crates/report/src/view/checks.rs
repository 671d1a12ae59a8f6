//! One check as a rendering shows it, and the checks grouped by criterion.

use crate::bands::Audience;
use crate::view::exchange::ExchangeView;
use crate::{CheckResult, Kind, Report, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckView {
    pub title: String,
    pub status: Status,
    /// One or two words for the status, as the audience reads it.
    pub label: &'static str,
    /// A CSS-friendly token for the status (`pass`, `fail`, `error`...).
    pub token: &'static str,
    /// Why it passed or what went wrong.
    pub message: String,
    pub evidence: Vec<ExchangeView>,
    pub evidence_omitted: usize,
    /// Id, kind, points and notes: the interviewer's only.
    pub detail: Option<CheckDetail>,
}

/// What only the interviewer sees of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckDetail {
    pub id: String,
    pub kind: Kind,
    pub points: u32,
    pub max: u32,
    pub duration_ms: u64,
    pub notes: Vec<String>,
}

/// Checks of one criterion, under its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckGroup {
    pub criterion: String,
    pub checks: Vec<CheckView>,
}

impl CheckView {
    pub fn build(check: &CheckResult, audience: Audience) -> CheckView {
        CheckView {
            title: check.title.clone(),
            status: check.status,
            label: status_label(check.status, audience),
            token: status_token(check.status),
            message: check.message.clone(),
            evidence: check.evidence.iter().map(ExchangeView::build).collect(),
            evidence_omitted: check.evidence_omitted,
            detail: (audience == Audience::Interviewer).then(|| CheckDetail {
                id: check.id.clone(),
                kind: check.kind,
                points: check.points,
                max: check.max,
                duration_ms: check.duration_ms,
                notes: check.notes.clone(),
            }),
        }
    }

    /// Lost points with evidence to show: not passed, skipped or blocked.
    pub fn failed(&self) -> bool {
        !matches!(
            self.status,
            Status::Pass | Status::Skipped | Status::Blocked
        )
    }

    /// Whether a `reproduce` line is shown for this check's evidence.
    pub fn reproducible(&self) -> bool {
        self.evidence
            .iter()
            .any(|exchange| exchange.failed && exchange.curl.is_some())
    }
}

/// One or two words for a status, as the audience reads it.
fn status_label(status: Status, audience: Audience) -> &'static str {
    match (status, audience) {
        (Status::Pass, _) => "passed",
        (Status::Fail, _) => "failed",
        (Status::Crash, Audience::Interviewer) => "service crashed",
        (Status::Crash, Audience::Candidate) => "your service crashed",
        (Status::Timeout, _) => "no answer in time",
        (Status::Blocked, _) => "not tested",
        (Status::Skipped, _) => "not tested here",
        (Status::Error, Audience::Interviewer) => "grader error",
        (Status::Error, Audience::Candidate) => "could not be checked",
    }
}

fn status_token(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail | Status::Crash | Status::Timeout => "fail",
        Status::Error => "error",
        Status::Blocked => "blocked",
        Status::Skipped => "skipped",
    }
}

/// Whether a check earned nothing it could have (skipped checks do not count).
pub(crate) fn lost(check: &CheckResult) -> bool {
    !matches!(check.status, Status::Pass | Status::Skipped)
}

/// The checks grouped by criterion, in the criteria's order; checks of a
/// criterion the report does not list come last, under their criterion id.
pub(crate) fn by_criterion(report: &Report) -> Vec<(String, Vec<&CheckResult>)> {
    let mut groups: Vec<(String, Vec<&CheckResult>)> = report
        .criteria
        .iter()
        .map(|criterion| {
            (
                criterion.title.clone(),
                report
                    .checks
                    .iter()
                    .filter(|check| check.criterion == criterion.id)
                    .collect(),
            )
        })
        .collect();
    for check in &report.checks {
        if report
            .criteria
            .iter()
            .all(|criterion| criterion.id != check.criterion)
        {
            match groups
                .iter_mut()
                .find(|(title, _)| *title == check.criterion)
            {
                Some((_, checks)) => checks.push(check),
                None => groups.push((check.criterion.clone(), vec![check])),
            }
        }
    }
    groups.retain(|(_, checks)| !checks.is_empty());
    groups
}

/// The checks shown one by one, per criterion: every check for the
/// interviewer; for the candidate, the evidence of what did not pass
/// (blocked checks have none: they are listed with the gaps).
pub(crate) fn detailed(report: &Report, audience: Audience) -> Vec<CheckGroup> {
    by_criterion(report)
        .into_iter()
        .map(|(criterion, checks)| CheckGroup {
            criterion,
            checks: checks
                .into_iter()
                .filter(|check| match audience {
                    Audience::Interviewer => true,
                    Audience::Candidate => lost(check) && check.status != Status::Blocked,
                })
                .map(|check| CheckView::build(check, audience))
                .collect(),
        })
        .filter(|group| !group.checks.is_empty())
        .collect()
}
