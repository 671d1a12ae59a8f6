//! What the Markdown and HTML renderings share: the wording of statuses, the
//! strengths and gaps in plain language, the header lines and an exchange as
//! HTTP text. Both renderings show the same content; only the markup differs.

use crate::bands::{Audience, Bands};
use crate::code_signals::{CodeSignals, SourceHits};
use crate::evidence::{Body, Exchange};
use crate::kind::Kind;
use crate::status::Status;
use crate::target::Target;
use crate::{CheckResult, Report, ReviewedCriterion, RunStatus};

/// Passed checks named per criterion among the strengths; the rest are counted.
const STRENGTHS_PER_CRITERION: usize = 4;
/// Lost checks named per criterion among the gaps; the rest are counted.
const GAPS_PER_CRITERION: usize = 5;
/// Lines of the service's output shown when something went wrong with it.
pub(crate) const OUTPUT_LINES: usize = 20;
/// Lines of the build output shown when the build failed.
pub(crate) const BUILD_LINES: usize = 40;

/// How a rendering is made: for whom, and with which bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    pub audience: Audience,
    pub bands: Bands,
}

/// The candidate as the report names them: the crate's path, or the folder a
/// command ran in and the command.
pub(crate) fn target_label(target: &Target) -> String {
    match target {
        Target::Cargo { path } => path.display().to_string(),
        Target::Command { command, dir } => format!("{} ($ {command})", dir.display()),
    }
}

/// `(label, value)` lines under the title.
pub(crate) fn meta_lines(report: &Report, audience: Audience) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        (
            match audience {
                Audience::Interviewer => "Candidate",
                Audience::Candidate => "Submission",
            },
            target_label(&report.target),
        ),
        (
            "Graded",
            format!(
                "{} UTC (took {:.1} s)",
                report.started_at.format("%Y-%m-%d %H:%M"),
                report.duration_ms as f64 / 1000.0
            ),
        ),
        ("Kit version", report.kit_version.clone()),
    ];
    if !report.only.is_empty() {
        lines.push((
            "Partial run",
            format!("only {} (and the checks they need)", report.only.join(", ")),
        ));
    }
    if audience == Audience::Interviewer
        && let Some(sandbox) = &report.sandbox
    {
        lines.push(("Sandbox", sandbox.summary()));
        if let Some(warning) = &sandbox.warning {
            lines.push(("Warning", warning.clone()));
        }
    }
    lines
}

/// One or two words for a status, as the audience reads it.
pub(crate) fn status_label(status: Status, audience: Audience) -> &'static str {
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

/// A CSS-friendly token for a status.
pub(crate) fn status_token(status: Status) -> &'static str {
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
pub(crate) fn highlights(report: &Report, audience: Audience) -> (Vec<Highlight>, Vec<Highlight>) {
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

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
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
pub(crate) fn not_tested_because(check: &CheckResult, report: &Report) -> String {
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

/// The request as HTTP text: request line, the headers the check set, a blank
/// line and the body excerpt.
pub(crate) fn request_text(exchange: &Exchange) -> String {
    let mut text = format!("{} {}", exchange.method, exchange.path);
    for (name, value) in &exchange.request_headers {
        text.push_str(&format!("\n{name}: {value}"));
    }
    if let Some(body) = &exchange.request_body {
        text.push_str("\n\n");
        text.push_str(&body_text(body));
    }
    text
}

/// The answer as HTTP text: status, headers, a blank line and the body
/// excerpt; or why none came.
pub(crate) fn response_text(exchange: &Exchange) -> String {
    let Some(status) = exchange.status else {
        return format!(
            "no answer: {}",
            exchange.error.as_deref().unwrap_or("none came")
        );
    };
    let mut text = format!("HTTP {status}");
    for (name, value) in &exchange.response_headers {
        text.push_str(&format!("\n{name}: {value}"));
    }
    text.push_str("\n\n");
    match &exchange.response_body {
        Some(body) => text.push_str(&body_text(body)),
        None => text.push_str("(empty body)"),
    }
    text
}

fn body_text(body: &Body) -> String {
    if body.complete {
        body.excerpt.clone()
    } else {
        format!("{}… ({} bytes in all)", body.excerpt, body.bytes)
    }
}

/// One line naming an exchange: `PUT /products/4 → 405`.
pub(crate) fn exchange_line(exchange: &Exchange) -> String {
    let answer = match (exchange.status, &exchange.error) {
        (Some(status), _) => status.to_string(),
        (None, Some(_)) => "no answer".to_owned(),
        (None, None) => "?".to_owned(),
    };
    let from = exchange
        .source_ip
        .as_deref()
        .map(|ip| format!(" (from {ip})"))
        .unwrap_or_default();
    format!("{} {}{from} → {answer}", exchange.method, exchange.path)
}

/// The service's last output, when it crashed, hung or never started: worth
/// reading for both audiences (it is the candidate's own program talking).
pub(crate) fn troubled_output(report: &Report) -> Option<String> {
    let service = report.service.as_ref()?;
    let troubled = report.status == RunStatus::Error
        || report
            .checks
            .iter()
            .any(|check| matches!(check.status, Status::Crash | Status::Timeout));
    if troubled && !service.output_tail.trim().is_empty() {
        Some(last_lines(&service.output_tail, OUTPUT_LINES))
    } else {
        None
    }
}

/// The build's output when the build failed.
pub(crate) fn failed_build_log(report: &Report) -> Option<String> {
    let build = report.build.as_ref()?;
    let reason = report.error.as_deref()?;
    (report.status == RunStatus::Error
        && reason.contains("did not build")
        && !build.log_tail.trim().is_empty())
    .then(|| last_lines(&build.log_tail, BUILD_LINES))
}

pub(crate) fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// The sentence stating the band thresholds.
pub(crate) fn bands_sentence(bands: &Bands) -> String {
    format!(
        "Bands: {} (set with --bands STRONG,MEETS).",
        bands.describe()
    )
}

/// The gaps' last line for checks not run because one they need failed.
pub(crate) fn not_tested_line(group: &Highlight) -> String {
    let more = if group.items.is_empty() { "" } else { " more" };
    match group.not_tested {
        1 => format!("1{more} not tested: it needs a check that failed"),
        count => format!("{count}{more} not tested: they need a check that failed"),
    }
}

/// How a code signal reads: fine, worth a question, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Fine,
    Ask,
    Unknown,
}

/// One code signal as the renderings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignalRow {
    pub label: &'static str,
    pub value: String,
    pub tone: Tone,
    /// Source lines quoted as examples (`src/routes.rs:42: ...`).
    pub examples: Vec<String>,
}

/// The code signals in words, in a fixed order.
pub(crate) fn signal_rows(signals: &CodeSignals) -> Vec<SignalRow> {
    let unknown = || ("not measured (see the notes)".to_owned(), Tone::Unknown);
    let (formatting, formatting_tone) = match signals.formatted {
        Some(true) => ("cargo fmt --check passes".to_owned(), Tone::Fine),
        Some(false) => (
            "not formatted: cargo fmt --check fails".to_owned(),
            Tone::Ask,
        ),
        None => unknown(),
    };
    let (clippy, clippy_tone) = match signals.clippy_warnings {
        Some(0) => ("no warnings".to_owned(), Tone::Fine),
        Some(count) => (plural(count as usize, "warning"), Tone::Ask),
        None => unknown(),
    };
    let (tests, tests_tone) = match signals.tests {
        Some(counts) if counts.passed + counts.failed == 0 => {
            ("none that run".to_owned(), Tone::Ask)
        }
        Some(counts) => {
            let ignored = if counts.ignored > 0 {
                format!(" ({} ignored)", counts.ignored)
            } else {
                String::new()
            };
            let tone = if counts.failed == 0 {
                Tone::Fine
            } else {
                Tone::Ask
            };
            (
                format!(
                    "{} passed, {} failed{ignored}",
                    counts.passed, counts.failed
                ),
                tone,
            )
        }
        None => unknown(),
    };
    let hits = |hits: &SourceHits, none: &str| {
        if hits.count == 0 {
            (none.to_owned(), Tone::Fine, Vec::new())
        } else {
            let more = (hits.count as usize).saturating_sub(hits.examples.len());
            let mut examples = hits.examples.clone();
            if more > 0 {
                examples.push(format!("… and {more} more"));
            }
            (format!("{}", hits.count), Tone::Ask, examples)
        }
    };
    let (unwraps, unwraps_tone, unwrap_examples) = hits(&signals.unwraps, "none");
    let (unsafe_code, unsafe_tone, unsafe_examples) = hits(&signals.unsafe_code, "none");
    vec![
        SignalRow {
            label: "Formatting",
            value: formatting,
            tone: formatting_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "Clippy",
            value: clippy,
            tone: clippy_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "Candidate's tests",
            value: tests,
            tone: tests_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "unwrap()/expect() outside tests",
            value: unwraps,
            tone: unwraps_tone,
            examples: unwrap_examples,
        },
        SignalRow {
            label: "unsafe",
            value: unsafe_code,
            tone: unsafe_tone,
            examples: unsafe_examples,
        },
    ]
}

/// The sentence under the code signals' heading.
pub(crate) const SIGNALS_HINT: &str = "Measured on the crate, not scored: each is a question to ask, not a verdict (an expect at startup is fine; one on a request path is a crash waiting for input).";

/// The sentence under the follow-up questions' heading.
pub(crate) const QUESTIONS_HINT: &str = "Chosen from this submission's results in the question bank (docs/questions): what it lost first, then a strength to go deeper on. Listen for the points, not the words.";

/// The sentence under the interviewer review's heading.
pub(crate) const MANUAL_REVIEW_HINT: &str =
    "The interviewer's reading of the code on the rubric: not part of the automatic score.";

/// `3 of 4 · meets the bar`, or `not reviewed`.
pub(crate) fn level_line(criterion: &ReviewedCriterion) -> String {
    match (criterion.level, &criterion.level_name) {
        (Some(level), Some(name)) => format!("{level} of {} · {name}", criterion.of),
        (Some(level), None) => format!("{level} of {}", criterion.of),
        (None, _) => "not reviewed".to_owned(),
    }
}

/// What to look for under a criterion the interviewer has not reviewed yet
/// (matched by id, or by title in reports older than review ids).
pub(crate) fn look_for_of<'a>(report: &'a Report, criterion: &ReviewedCriterion) -> &'a [String] {
    report
        .review
        .iter()
        .find(|item| {
            (!item.id.is_empty() && item.id == criterion.id) || item.title == criterion.title
        })
        .map_or(&[], |item| item.look_for.as_slice())
}

/// Free text typed by the interviewer (notes, summary) as paragraphs: a
/// blank line starts a new one, single line breaks are only wrapping.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}
