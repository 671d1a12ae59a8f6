//! Strengths and gaps: what went well and what did not, per criterion, in
//! words a hiring manager (or the candidate) understands.

use crate::bands::Audience;
use crate::view::checks::{by_criterion, lost};
use crate::view::plural;
use crate::{CheckResult, Kind, Report, RunStatus, Status};

/// Passed checks named per criterion among the strengths; the rest are counted.
const STRENGTHS_PER_CRITERION: usize = 4;
/// Lost checks named per criterion among the gaps; the rest are counted.
const GAPS_PER_CRITERION: usize = 5;

/// Strengths or gaps under one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Highlight {
    pub criterion: String,
    /// `all 12 checks passed`, `3 of 12 checks passed`.
    pub summary: String,
    pub items: Vec<String>,
    /// Items not named, to keep the page short.
    pub more: usize,
    /// Gaps only: checks not run because a check they need failed, counted
    /// rather than named (the interviewer's lists).
    pub not_tested: usize,
}

/// What went well and what did not, per criterion, in words a hiring manager
/// (or the candidate) understands: the checks' titles, with why a lost check
/// lost. The interviewer's lists are capped; the candidate's are complete.
pub(super) fn highlights(report: &Report, audience: Audience) -> (Vec<Highlight>, Vec<Highlight>) {
    let mut strengths = Vec::new();
    let mut gaps = Vec::new();
    if report.status == RunStatus::Error {
        return (strengths, gaps);
    }
    let capped = audience == Audience::Interviewer;
    for (criterion, checks) in by_criterion(report) {
        let counted: Vec<&CheckResult> = checks
            .iter()
            .copied()
            .filter(|check| check.status != Status::Skipped)
            .collect();
        let mut passed: Vec<&CheckResult> = counted
            .iter()
            .copied()
            .filter(|check| check.status == Status::Pass)
            .collect();
        let failed: Vec<&CheckResult> = counted.iter().copied().filter(|c| lost(c)).collect();
        let noun = match audience {
            Audience::Interviewer => "check",
            Audience::Candidate => "requirement",
        };
        let summary = match (failed.is_empty(), audience) {
            (true, _) => format!("all {} passed", plural(counted.len(), noun)),
            (false, Audience::Interviewer) => {
                format!("{} of {} passed", passed.len(), plural(counted.len(), noun))
            }
            (false, Audience::Candidate) => {
                format!("{} of {} met", passed.len(), plural(counted.len(), noun))
            }
        };
        if !passed.is_empty() {
            // What distinguishes a strong submission first: the optional and
            // advanced parts done, then the core.
            passed.sort_by_key(|check| match check.kind {
                Kind::Advanced => 0,
                Kind::Bonus => 1,
                Kind::Core => 2,
            });
            let items: Vec<String> = passed
                .iter()
                .map(|check| with_kind(check, audience, None))
                .collect();
            strengths.push(limit(
                criterion.clone(),
                summary.clone(),
                items,
                capped.then_some(STRENGTHS_PER_CRITERION),
            ));
        }
        if !failed.is_empty() {
            // The core of the task first, then what a strong candidate adds,
            // then the optional part.
            let mut failed = failed;
            failed.sort_by_key(|check| match check.kind {
                Kind::Core => 0,
                Kind::Advanced => 1,
                Kind::Bonus => 2,
            });
            let (named, not_tested): (Vec<&CheckResult>, Vec<&CheckResult>) = if capped {
                failed
                    .into_iter()
                    .partition(|check| check.status != Status::Blocked)
            } else {
                (failed, Vec::new())
            };
            let items: Vec<String> = named
                .iter()
                .map(|check| {
                    let why = why_lost(check, report, audience);
                    with_kind(check, audience, why.as_deref())
                })
                .collect();
            let mut gap = limit(
                criterion,
                summary,
                items,
                capped.then_some(GAPS_PER_CRITERION),
            );
            gap.not_tested = not_tested.len();
            gaps.push(gap);
        }
    }
    (strengths, gaps)
}

fn limit(
    criterion: String,
    summary: String,
    mut items: Vec<String>,
    cap: Option<usize>,
) -> Highlight {
    let more = cap.map_or(0, |cap| items.len().saturating_sub(cap));
    items.truncate(items.len() - more);
    Highlight {
        criterion,
        summary,
        items,
        more,
        not_tested: 0,
    }
}

fn with_kind(check: &CheckResult, audience: Audience, why: Option<&str>) -> String {
    let kind = match (check.kind, audience) {
        (Kind::Core, _) | (Kind::Advanced, Audience::Candidate) => None,
        (Kind::Bonus, Audience::Interviewer) => Some("bonus"),
        (Kind::Bonus, Audience::Candidate) => Some("optional part"),
        (Kind::Advanced, Audience::Interviewer) => Some("advanced"),
    };
    let notes: Vec<&str> = kind.into_iter().chain(why).collect();
    if notes.is_empty() {
        check.title.clone()
    } else {
        format!("{} ({})", check.title, notes.join("; "))
    }
}

fn why_lost(check: &CheckResult, report: &Report, audience: Audience) -> Option<String> {
    let why = match (check.status, audience) {
        (Status::Crash, Audience::Interviewer) => "the service crashed",
        (Status::Crash, Audience::Candidate) => "your service crashed",
        (Status::Timeout, _) => "no answer in time",
        (Status::Blocked, _) => return Some(not_tested_because(check, report)),
        (Status::Error, Audience::Interviewer) => {
            "the kit could not run this check: review it by hand"
        }
        (Status::Error, Audience::Candidate) => "could not be checked, not your fault",
        _ => return None,
    };
    Some(why.to_owned())
}

/// `not tested: it needs “Creating a product answers 201” to pass first`:
/// the titles of the checks it was blocked by (ids are not for every reader).
fn not_tested_because(check: &CheckResult, report: &Report) -> String {
    let titles: Vec<String> = check
        .blocked_by
        .iter()
        .map(|id| {
            let title = report
                .checks
                .iter()
                .find(|other| &other.id == id)
                .map_or(id.as_str(), |other| other.title.as_str());
            format!("“{title}”")
        })
        .collect();
    if titles.is_empty() {
        "not tested: it needs one that failed".to_owned()
    } else {
        format!(
            "not tested: it needs {} to pass first",
            titles.join(" and ")
        )
    }
}

impl Highlight {
    /// The gaps' last line for checks not run because one they need failed.
    pub fn not_tested_line(&self) -> String {
        let more = if self.items.is_empty() { "" } else { " more" };
        match self.not_tested {
            1 => format!("1{more} not tested: it needs a check that failed"),
            count => format!("{count}{more} not tested: they need a check that failed"),
        }
    }
}
