//! The Markdown report: the content of the HTML report, for pasting into a
//! ticket or a wiki, drawn from the same [`ReportView`]. Evidence goes in
//! fenced blocks (a fence longer than any backtick run inside) folded in
//! `<details>`; every other text from the report is escaped so that it
//! cannot become markup.

use std::fmt::Write as _;

use crate::bands::Audience;
use crate::escape::{markdown_code as code, markdown_fence as fence, markdown_inline as md};
use crate::view::{
    CheckGroup, CheckView, ExchangeView, Highlight, MANUAL_REVIEW_HINT, QUESTIONS_HINT,
    RenderOptions, ReportView, ReviewView, SIGNALS_HINT, ScoreView, ServiceView, SignalsView,
    paragraphs,
};
use crate::{ProposedQuestion, Report, Status};

const BAR_WIDTH: u32 = 20;

pub fn render_markdown(report: &Report, options: &RenderOptions) -> String {
    let view = ReportView::build(report, options);
    let header = &view.header;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} ({})\n",
        md(&header.exercise_title),
        md(&header.exercise)
    );
    let _ = writeln!(out, "*{}*\n", header.kicker);
    for (label, value) in &header.meta {
        let _ = writeln!(out, "- **{label}:** {}", md(value));
    }
    out.push('\n');

    if let Some(score) = &view.score {
        let _ = writeln!(
            out,
            "## Summary: {}\n\n**{} / {} points ({}%)**\n\n{}\n",
            score
                .band
                .map_or("no band (no check counted)", |band| band.label()),
            score.points,
            score.max,
            score.percent,
            md(&score.bands_sentence)
        );
    }
    if let Some((met, counted)) = view.met {
        let _ = writeln!(
            out,
            "## Summary: you met {met} of {counted} requirements\n\n\
             Below: which requirements passed and which did not, then for each one that did not, the request that showed it and what your service answered.\n"
        );
    }

    if let Some(not_graded) = &view.not_graded {
        let _ = writeln!(
            out,
            "## Not graded\n\n{}\n\nNo check could run, so every check scores 0.\n",
            md(&not_graded.reason)
        );
        if let Some(log) = &not_graded.build_log {
            let _ = writeln!(out, "Build output (last lines):\n\n{}", fence(log, ""));
        }
    } else {
        if let Some(score) = &view.score {
            criteria_bars(&mut out, score);
        }
        let (good, bad) = match view.audience {
            Audience::Interviewer => ("Strengths", "Gaps"),
            Audience::Candidate => ("Requirements met", "Requirements not met"),
        };
        highlight_section(
            &mut out,
            good,
            &view.strengths,
            "None of the checks passed.",
        );
        highlight_section(&mut out, bad, &view.gaps, "None: every check passed.");
    }
    if let Some(review) = &view.review {
        review_section(&mut out, review);
    }
    if let Some(signals) = &view.signals {
        signals_section(&mut out, signals);
    }
    questions(&mut out, &view.questions);
    checks(&mut out, &view.detailed, view.audience);
    if let Some(service) = &view.service {
        service_section(&mut out, service);
    }
    let _ = writeln!(
        out,
        "---\n\n*Made by interview-kit {} from a report of schema {}.*",
        md(&view.kit_version),
        md(&view.schema)
    );
    out
}

fn criteria_bars(out: &mut String, score: &ScoreView) {
    out.push_str("## Score per criterion\n\n| Criterion | Points | |\n|---|---:|---|\n");
    for criterion in &score.criteria {
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
        score.points, score.max
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
            let _ = writeln!(out, "- {}", group.not_tested_line());
        }
        out.push('\n');
    }
}

fn checks(out: &mut String, groups: &[CheckGroup], audience: Audience) {
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
    for group in groups {
        let _ = writeln!(out, "### {}\n", md(&group.criterion));
        for check in &group.checks {
            one_check(out, check);
        }
    }
}

fn one_check(out: &mut String, check: &CheckView) {
    let mark = match check.status {
        Status::Pass => "✓",
        Status::Skipped => "–",
        Status::Blocked => "·",
        _ => "✗",
    };
    let _ = write!(out, "#### {mark} {}: {}", check.label, md(&check.title));
    if let Some(detail) = &check.detail {
        let _ = write!(out, " ({} / {})", detail.points, detail.max);
    }
    out.push_str("\n\n");
    if let Some(detail) = &check.detail {
        let _ = writeln!(
            out,
            "{} · {} · {} · {} ms\n",
            code(&detail.id),
            detail.kind,
            check.status,
            detail.duration_ms
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
    if let Some(detail) = check
        .detail
        .as_ref()
        .filter(|detail| !detail.notes.is_empty())
    {
        out.push_str("Notes:\n\n");
        for note in &detail.notes {
            out.push_str(&fence(note, ""));
            out.push('\n');
        }
    }
}

fn one_exchange(out: &mut String, exchange: &ExchangeView) {
    let _ = writeln!(
        out,
        "**{} {}**\n",
        if exchange.failed { "✗" } else { "✓" },
        md(&exchange.line)
    );
    let _ = writeln!(out, "Request:\n\n{}", fence(&exchange.request, "http"));
    let _ = writeln!(out, "Response:\n\n{}", fence(&exchange.response, "http"));
    let expected = &exchange.exchange.expected;
    for expectation in expected {
        let _ = writeln!(
            out,
            "- {} expected {}",
            if expectation.met { "✓" } else { "✗" },
            md(&expectation.text)
        );
    }
    if !expected.is_empty() {
        out.push('\n');
    }
    if let Some(curl) = &exchange.curl {
        let _ = writeln!(out, "Reproduce:\n\n{}", fence(curl, "sh"));
    }
}

fn review_section(out: &mut String, review: &ReviewView) {
    match review {
        ReviewView::Reviewed {
            done,
            all,
            reviewer,
            summary,
            criteria,
        } => {
            let _ = writeln!(
                out,
                "## Interviewer review ({done} of {all} criteria)\n\n{}\n",
                md(MANUAL_REVIEW_HINT)
            );
            if let Some(reviewer) = reviewer {
                let _ = writeln!(out, "- **Reviewer:** {}\n", md(reviewer));
            }
            for paragraph in summary.iter().flat_map(|summary| paragraphs(summary)) {
                let _ = writeln!(out, "{}\n", md(&paragraph));
            }
            for criterion in criteria {
                let _ = writeln!(
                    out,
                    "### {}: {}\n",
                    md(&criterion.title),
                    md(&criterion.level_line)
                );
                if let Some(anchor) = &criterion.anchor {
                    let _ = writeln!(out, "*Rubric:* {}\n", md(anchor));
                }
                for paragraph in paragraphs(&criterion.notes) {
                    let _ = writeln!(out, "{}\n", md(&paragraph));
                }
                if criterion.level.is_none() {
                    look_for(out, &criterion.look_for);
                }
            }
        }
        ReviewView::Pending(items) => {
            out.push_str("## For the interviewer to review\n\nNot scored by the kit: read the code for these (`cargo kit review` writes the rubric).\n\n");
            for item in items {
                let _ = writeln!(out, "### {}\n", md(&item.title));
                look_for(out, &item.look_for);
            }
        }
    }
}

fn look_for(out: &mut String, points: &[String]) {
    for point in points {
        let _ = writeln!(out, "- {}", md(point));
    }
    out.push('\n');
}

fn signals_section(out: &mut String, signals: &SignalsView) {
    let _ = writeln!(
        out,
        "## Code signals\n\n{}\n\n| Signal | Value |\n|---|---|",
        md(SIGNALS_HINT)
    );
    for row in &signals.rows {
        let _ = writeln!(out, "| {} | {} |", md(row.label), md(&row.value));
    }
    out.push('\n');
    for row in signals.rows.iter().filter(|row| !row.examples.is_empty()) {
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

fn questions(out: &mut String, questions: &[ProposedQuestion]) {
    if questions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Follow-up questions for the debrief\n\n{}\n",
        md(QUESTIONS_HINT)
    );
    for (number, question) in questions.iter().enumerate() {
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

fn service_section(out: &mut String, service: &ServiceView) {
    out.push_str("## The service\n\n");
    if let Some(stats) = &service.stats {
        let _ = writeln!(
            out,
            "Ready in {} ms, started {} time(s), printed {} bytes.\n",
            stats.startup_ms, stats.starts, stats.output_bytes
        );
    }
    if let Some(output) = &service.output {
        let _ = writeln!(out, "Its last output:\n\n{}", fence(output, ""));
    }
}
