//! The report as one audience may read it, built once from a [`Report`]:
//! every rendering (text, Markdown, HTML) draws from a [`ReportView`], so
//! what the candidate may see, as opposed to the interviewer, is decided here
//! and nowhere else. The renderings only choose markup and layout.
//!
//! For the candidate, a view has no points, bands, check ids, kinds, notes,
//! sandbox, review, code signals or questions (docs/report-format.md,
//! "Audiences"): those parts are `None` or empty, not merely hidden.

mod checks;
mod debrief;
mod exchange;
mod header;
mod highlights;
mod score;
mod service;
mod signals;
#[cfg(test)]
mod tests;

use crate::bands::{Audience, Bands};
use crate::{ProposedQuestion, Report, RunStatus, Status};

pub(crate) use checks::{CheckGroup, CheckView};
pub(crate) use debrief::{MANUAL_REVIEW_HINT, QUESTIONS_HINT, ReviewView, paragraphs};
pub(crate) use exchange::{ExchangeView, exchange_line, request_text, response_text};
pub(crate) use header::{Header, target_label};
pub(crate) use highlights::Highlight;
pub(crate) use score::{NotGraded, ScoreView};
pub(crate) use service::ServiceView;
pub(crate) use signals::{SIGNALS_HINT, SignalsView, Tone};

/// How a rendering is made: for whom, and with which bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    pub audience: Audience,
    pub bands: Bands,
}

/// Everything a rendering shows, already filtered for its audience.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReportView {
    pub audience: Audience,
    pub header: Header,
    /// Whether the checks ran (`completed`), whatever the score.
    pub completed: bool,
    /// Why nothing could be graded, when the run failed.
    pub not_graded: Option<NotGraded>,
    /// Points, bands and the score per criterion: the interviewer's only.
    pub score: Option<ScoreView>,
    /// `(met, counted)` requirements: the candidate's summary, when graded.
    pub met: Option<(usize, usize)>,
    /// What went well and what did not, per criterion (empty when not graded).
    pub strengths: Vec<Highlight>,
    pub gaps: Vec<Highlight>,
    /// Every check, in report order.
    pub checks: Vec<CheckView>,
    /// The checks shown one by one with their evidence, per criterion: all of
    /// them for the interviewer, what did not pass for the candidate (blocked
    /// checks have no evidence and are listed with the gaps). Empty when not
    /// graded.
    pub detailed: Vec<CheckGroup>,
    /// The interviewer's only: review, code signals, debrief questions.
    pub review: Option<ReviewView>,
    pub signals: Option<SignalsView>,
    pub questions: Vec<ProposedQuestion>,
    pub service: Option<ServiceView>,
    pub kit_version: String,
    pub schema: String,
}

impl ReportView {
    pub fn build(report: &Report, options: &RenderOptions) -> ReportView {
        let audience = options.audience;
        let interviewer = audience == Audience::Interviewer;
        let completed = report.status == RunStatus::Completed;
        let (strengths, gaps) = highlights::highlights(report, audience);
        let checks: Vec<CheckView> = report
            .checks
            .iter()
            .map(|check| CheckView::build(check, audience))
            .collect();
        let detailed = if completed {
            checks::detailed(report, audience)
        } else {
            Vec::new()
        };
        ReportView {
            audience,
            header: Header::build(report, audience),
            completed,
            not_graded: NotGraded::build(report),
            score: interviewer.then(|| ScoreView::build(report, &options.bands)),
            met: (!interviewer && completed).then(|| met(report)),
            strengths,
            gaps,
            checks,
            detailed,
            review: interviewer.then(|| ReviewView::build(report)).flatten(),
            signals: interviewer
                .then(|| report.signals.as_ref().map(SignalsView::build))
                .flatten(),
            questions: if interviewer {
                report.questions.clone()
            } else {
                Vec::new()
            },
            service: ServiceView::build(report, audience),
            kit_version: report.kit_version.clone(),
            schema: report.schema.clone(),
        }
    }

    /// The checks with the given status, in report order.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &CheckView> {
        self.checks
            .iter()
            .filter(move |check| check.status == status)
    }

    /// Checks that lost points and have evidence to show: anything but
    /// passed, skipped or blocked, in report order.
    pub fn failed(&self) -> impl Iterator<Item = &CheckView> {
        self.checks.iter().filter(|check| check.failed())
    }
}

/// Requirements met, of those counted (skipped ones are not).
fn met(report: &Report) -> (usize, usize) {
    let counted = report
        .checks
        .iter()
        .filter(|check| check.status != Status::Skipped)
        .count();
    (report.ids_with_status(Status::Pass).len(), counted)
}

/// `1 check`, `3 checks`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The last `count` lines of `text`.
pub(crate) fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}
