//! The Markdown report: the content of the HTML report, for pasting into a
//! ticket or a wiki. Evidence goes in fenced blocks (a fence longer than any
//! backtick run inside) folded in `<details>`; every other text from the
//! report is escaped so that it cannot become markup.

use std::fmt::Write as _;

use crate::bands::{Audience, percent};
use crate::escape::{markdown_code as code, markdown_fence as fence, markdown_inline as md};
use crate::evidence::Exchange;
use crate::status::Status;
use crate::text::curl_line;
use crate::view::{
    self, Highlight, MANUAL_REVIEW_HINT, QUESTIONS_HINT, RenderOptions, SIGNALS_HINT,
    bands_sentence, by_criterion, exchange_line, highlights, level_line, look_for_of, lost,
    meta_lines, paragraphs, request_text, response_text, signal_rows, status_label,
};
use crate::{CheckResult, Report, RunStatus};

const BAR_WIDTH: u32 = 20;

pub fn render_markdown(report: &Report, options: &RenderOptions) -> String {
    let audience = options.audience;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} ({})\n",
        md(&report.exercise_title),
        md(&report.exercise)
    );
    let _ = writeln!(
        out,
        "*{}*\n",
        match audience {
            Audience::Interviewer => "interview-kit report · for the hiring team",
            Audience::Candidate => "interview-kit report · your results",
        }
    );
    for (label, value) in meta_lines(report, audience) {
        let _ = writeln!(out, "- **{label}:** {}", md(&value));
    }
    out.push('\n');

    match audience {
        Audience::Interviewer => {
            let band = options.bands.band(report);
            let _ = writeln!(
                out,
                "## Summary: {}\n\n**{} / {} points ({}%)**\n\n{}\n",
                band.map_or("no band (no check counted)", |band| band.label()),
                report.score.points,
                report.score.max,
                percent(report.score.points, report.score.max),
                md(&bands_sentence(&options.bands))
            );
        }
        Audience::Candidate if report.status == RunStatus::Completed => {
            let counted = report
                .checks
                .iter()
                .filter(|check| check.status != Status::Skipped)
                .count();
            let met = report.ids_with_status(Status::Pass).len();
            let _ = writeln!(
                out,
                "## Summary: you met {met} of {counted} requirements\n\n\
                 Below: which requirements passed and which did not, then for each one that did not, the request that showed it and what your service answered.\n"
            );
        }
        Audience::Candidate => {}
    }

    if report.status == RunStatus::Error {
        let _ = writeln!(
            out,
            "## Not graded\n\n{}\n\nNo check could run, so every check scores 0.\n",
            md(report.error.as_deref().unwrap_or("unknown error"))
        );
        if let Some(log) = view::failed_build_log(report) {
            let _ = writeln!(out, "Build output (last lines):\n\n{}", fence(&log, ""));
        }
    } else {
        if audience == Audience::Interviewer {
            criteria_bars(&mut out, report);
        }
        let (strengths, gaps) = highlights(report, audience);
        let (good, bad) = match audience {
            Audience::Interviewer => ("Strengths", "Gaps"),
            Audience::Candidate => ("Requirements met", "Requirements not met"),
        };
        highlight_section(&mut out, good, &strengths, "None of the checks passed.");
        highlight_section(&mut out, bad, &gaps, "None: every check passed.");
    }
    if audience == Audience::Interviewer {
        review(&mut out, report);
        signals(&mut out, report);
        questions(&mut out, report);
    }
    if report.status == RunStatus::Completed {
        checks(&mut out, report, audience);
    }
    service(&mut out, report, audience);
    let _ = writeln!(
        out,
        "---\n\n*Made by interview-kit {} from a report of schema {}.*",
        md(&report.kit_version),
        md(&report.schema)
    );
    out
}

fn criteria_bars(out: &mut String, report: &Report) {
    out.push_str("## Score per criterion\n\n| Criterion | Points | |\n|---|---:|---|\n");
    for criterion in &report.criteria {
        let filled = (criterion.points * BAR_WIDTH + criterion.max / 2)
            .checked_div(criterion.max)
            .unwrap_or(0)
            .min(BAR_WIDTH);
        let _ = writeln!(
            out,
            "| {} | {} / {} | {}{} |",
            md(&criterion.title),
            criterion.points,
            criterion.max,
            "█".repeat(filled as usize),
            "░".repeat((BAR_WIDTH - filled) as usize)
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{} / {}** | |\n",
        report.score.points, report.score.max
    );
}

fn highlight_section(out: &mut String, title: &str, groups: &[Highlight], empty: &str) {
    let _ = writeln!(out, "## {title}\n");
    if groups.is_empty() {
        let _ = writeln!(out, "{empty}\n");
    }
    for group in groups {
        let _ = writeln!(
            out,
            "### {} ({})\n",
            md(&group.criterion),
            md(&group.summary)
        );
        for item in &group.items {
            let _ = writeln!(out, "- {}", md(item));
        }
        if group.more > 0 {
            let _ = writeln!(out, "- and {} more (see below)", group.more);
        }
        if group.not_tested > 0 {
            let _ = writeln!(out, "- {}", view::not_tested_line(group));
        }
        out.push('\n');
    }
}

fn checks(out: &mut String, report: &Report, audience: Audience) {
    let groups: Vec<(String, Vec<&CheckResult>)> = by_criterion(report)
        .into_iter()
        .map(|(title, checks)| {
            let shown: Vec<&CheckResult> = checks
                .into_iter()
                .filter(|check| match audience {
                    Audience::Interviewer => true,
                    Audience::Candidate => lost(check) && check.status != Status::Blocked,
                })
                .collect();
            (title, shown)
        })
        .filter(|(_, checks)| !checks.is_empty())
        .collect();
    if groups.is_empty() {
        return;
    }
    match audience {
        Audience::Interviewer => out.push_str("## Check by check\n\n"),
        Audience::Candidate => out.push_str(
            "## What did not pass, and what your service answered\n\n\
             `reproduce` lines assume BASE is where your service listens, e.g. `BASE=http://127.0.0.1:8080`.\n\n",
        ),
    }
    for (criterion, checks) in groups {
        let _ = writeln!(out, "### {}\n", md(&criterion));
        for check in checks {
            one_check(out, check, audience);
        }
    }
}

fn one_check(out: &mut String, check: &CheckResult, audience: Audience) {
    let mark = match check.status {
        Status::Pass => "✓",
        Status::Skipped => "–",
        Status::Blocked => "·",
        _ => "✗",
    };
    let _ = write!(
        out,
        "#### {mark} {}: {}",
        status_label(check.status, audience),
        md(&check.title)
    );
    if audience == Audience::Interviewer {
        let _ = write!(out, " ({} / {})", check.points, check.max);
    }
    out.push_str("\n\n");
    if audience == Audience::Interviewer {
        let _ = writeln!(
            out,
            "{} · {} · {} · {} ms\n",
            code(&check.id),
            check.kind,
            check.status,
            check.duration_ms
        );
    }
    let _ = writeln!(out, "{}\n", md(&check.message));
    if !check.evidence.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Evidence: {} request{}</summary>\n",
            check.evidence.len(),
            if check.evidence.len() == 1 { "" } else { "s" }
        );
        for exchange in &check.evidence {
            one_exchange(out, exchange);
        }
        if check.evidence_omitted > 0 {
            let _ = writeln!(out, "{} more requests not shown.\n", check.evidence_omitted);
        }
        out.push_str("</details>\n\n");
    }
    if audience == Audience::Interviewer && !check.notes.is_empty() {
        out.push_str("Notes:\n\n");
        for note in &check.notes {
            out.push_str(&fence(note, ""));
            out.push('\n');
        }
    }
}

fn one_exchange(out: &mut String, exchange: &Exchange) {
    let _ = writeln!(
        out,
        "**{} {}**\n",
        if exchange.failed() { "✗" } else { "✓" },
        md(&exchange_line(exchange))
    );
    let _ = writeln!(
        out,
        "Request:\n\n{}",
        fence(&request_text(exchange), "http")
    );
    let _ = writeln!(
        out,
        "Response:\n\n{}",
        fence(&response_text(exchange), "http")
    );
    for expectation in &exchange.expected {
        let _ = writeln!(
            out,
            "- {} expected {}",
            if expectation.met { "✓" } else { "✗" },
            md(&expectation.text)
        );
    }
    if !exchange.expected.is_empty() {
        out.push('\n');
    }
    if exchange.failed()
        && let Some(curl) = curl_line(exchange)
    {
        let _ = writeln!(out, "Reproduce:\n\n{}", fence(&curl, "sh"));
    }
}

fn review(out: &mut String, report: &Report) {
    if let Some(review) = &report.manual_review {
        let (done, all) = review.reviewed();
        let _ = writeln!(
            out,
            "## Interviewer review ({done} of {all} criteria)\n\n{}\n",
            md(MANUAL_REVIEW_HINT)
        );
        if let Some(reviewer) = &review.reviewer {
            let _ = writeln!(out, "- **Reviewer:** {}\n", md(reviewer));
        }
        for paragraph in review
            .summary
            .iter()
            .flat_map(|summary| paragraphs(summary))
        {
            let _ = writeln!(out, "{}\n", md(&paragraph));
        }
        for criterion in &review.criteria {
            let _ = writeln!(
                out,
                "### {}: {}\n",
                md(&criterion.title),
                md(&level_line(criterion))
            );
            if let Some(anchor) = &criterion.anchor {
                let _ = writeln!(out, "*Rubric:* {}\n", md(anchor));
            }
            for paragraph in paragraphs(&criterion.notes) {
                let _ = writeln!(out, "{}\n", md(&paragraph));
            }
            if criterion.level.is_none() {
                look_for(out, look_for_of(report, criterion));
            }
        }
        return;
    }
    if report.review.is_empty() {
        return;
    }
    out.push_str("## For the interviewer to review\n\nNot scored by the kit: read the code for these (`kit review` writes the rubric).\n\n");
    for item in &report.review {
        let _ = writeln!(out, "### {}\n", md(&item.title));
        look_for(out, &item.look_for);
    }
}

fn look_for(out: &mut String, points: &[String]) {
    for point in points {
        let _ = writeln!(out, "- {}", md(point));
    }
    out.push('\n');
}

fn signals(out: &mut String, report: &Report) {
    let Some(signals) = &report.signals else {
        return;
    };
    let _ = writeln!(
        out,
        "## Code signals\n\n{}\n\n| Signal | Value |\n|---|---|",
        md(SIGNALS_HINT)
    );
    let rows = signal_rows(signals);
    for row in &rows {
        let _ = writeln!(out, "| {} | {} |", md(row.label), md(&row.value));
    }
    out.push('\n');
    for row in rows.iter().filter(|row| !row.examples.is_empty()) {
        let _ = writeln!(
            out,
            "{}:\n\n{}",
            md(row.label),
            fence(&row.examples.join("\n"), "")
        );
    }
    for note in &signals.notes {
        let _ = writeln!(out, "- Note: {}", md(note));
    }
    if !signals.notes.is_empty() {
        out.push('\n');
    }
}

fn questions(out: &mut String, report: &Report) {
    if report.questions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Follow-up questions for the debrief\n\n{}\n",
        md(QUESTIONS_HINT)
    );
    for (number, question) in report.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** *({}, {})*  \n   Why: {}  \n   Listen for:",
            number + 1,
            md(&question.ask),
            md(&question.topic),
            md(&question.level),
            md(&question.because)
        );
        for point in &question.good_answer {
            let _ = writeln!(out, "   - {}", md(point));
        }
        for flag in &question.red_flags {
            let _ = writeln!(out, "   - Red flag: {}", md(flag));
        }
        if let Some(follow_up) = &question.follow_up {
            let _ = writeln!(out, "   - Then: {}", md(follow_up));
        }
        out.push('\n');
    }
}

fn service(out: &mut String, report: &Report, audience: Audience) {
    let output = view::troubled_output(report);
    let Some(service) = &report.service else {
        return;
    };
    if audience == Audience::Candidate && output.is_none() {
        return;
    }
    out.push_str("## The service\n\n");
    if audience == Audience::Interviewer {
        let _ = writeln!(
            out,
            "Ready in {} ms, started {} time(s), printed {} bytes.\n",
            service.startup_ms, service.starts, service.output_bytes
        );
    }
    if let Some(output) = output {
        let _ = writeln!(out, "Its last output:\n\n{}", fence(&output, ""));
    }
}
