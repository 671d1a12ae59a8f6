//! The text report for the interviewer: a header and the score per
//! criterion for the hiring manager, then every check that lost points with
//! the evidence an engineer needs: what was sent, what came back, what was
//! expected, and a curl line to reproduce it. Drawn from the interviewer's
//! [`ReportView`]; the candidate's is `candidate_text.rs`.

use std::fmt::Write as _;

use crate::bands::Audience;
use crate::view::{
    CheckView, ExchangeView, RenderOptions, ReportView, ReviewView, ScoreView, ServiceView,
    SignalsView, Tone,
};
use crate::{Body, ProposedQuestion, Report, Status, Target};

const BAR_WIDTH: u32 = 20;

pub fn render_text(report: &Report) -> String {
    let view = ReportView::build(
        report,
        &RenderOptions {
            audience: Audience::Interviewer,
            ..RenderOptions::default()
        },
    );
    let mut out = String::new();
    header(&mut out, &view);
    if let Some(not_graded) = &view.not_graded {
        let _ = writeln!(out, "\nNOT GRADED: {}", not_graded.reason);
        let _ = writeln!(
            out,
            "No check could run, so every check scores 0. Fix the problem below and grade again."
        );
        if let Some(log) = &not_graded.build_log {
            let _ = writeln!(out, "\nBuild output (last lines):");
            indent_lines(&mut out, log, "  | ");
        }
    }
    if let Some(score) = &view.score {
        scores(&mut out, score);
    }

    let lost: Vec<&CheckView> = view.failed().collect();
    if view.completed && !lost.is_empty() {
        let _ = writeln!(out, "\nChecks that lost points ({})", lost.len());
        for check in lost {
            failed_check(&mut out, check);
        }
    }
    let blocked: Vec<&CheckView> = view.with_status(Status::Blocked).collect();
    if !blocked.is_empty() {
        let _ = writeln!(
            out,
            "\nBlocked: not run because a check they build on failed ({})",
            blocked.len()
        );
        for check in blocked {
            one_line(&mut out, check, "·");
            let _ = writeln!(out, "      {}", check.message);
        }
    }
    let skipped: Vec<&CheckView> = view.with_status(Status::Skipped).collect();
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nSkipped: do not apply on this machine, not counted ({})",
            skipped.len()
        );
        for check in skipped {
            one_line(&mut out, check, "-");
            let _ = writeln!(out, "      {}", check.message);
        }
    }
    let passed: Vec<&CheckView> = view.with_status(Status::Pass).collect();
    if !passed.is_empty() {
        let _ = writeln!(out, "\nPassed ({})", passed.len());
        for check in passed {
            one_line(&mut out, check, "✓");
        }
    }
    if let Some(review) = &view.review {
        review_section(&mut out, review);
    }
    if let Some(signals) = &view.signals {
        signals_section(&mut out, signals);
    }
    questions(&mut out, &view.questions);
    if let Some(service) = &view.service {
        service_section(&mut out, service, &view);
    }
    out
}

fn header(out: &mut String, view: &ReportView) {
    let header = &view.header;
    let _ = writeln!(
        out,
        "interview-kit report: {} ({})",
        header.exercise_title, header.exercise
    );
    let target = match &header.target {
        Target::Cargo { path } => format!("{} (cargo crate)", path.display()),
        Target::Command { command, dir } => format!("`{command}` run in {}", dir.display()),
        Target::Project {
            path,
            toolchain,
            command,
        } => format!(
            "{} ({} project, `{command}`)",
            path.display(),
            toolchain.label()
        ),
    };
    let _ = writeln!(out, "  target   {target}");
    let _ = writeln!(
        out,
        "  graded   {} UTC, took {:.1} s, kit {}",
        header.started_at.format("%Y-%m-%d %H:%M"),
        header.duration_ms as f64 / 1000.0,
        view.kit_version
    );
    if !header.only.is_empty() {
        let _ = writeln!(
            out,
            "  partial  only {} (and what they need)",
            header.only.join(", ")
        );
    }
    if let Some(sandbox) = &header.sandbox {
        let _ = writeln!(out, "  sandbox  {}", sandbox.summary());
        if let Some(warning) = &sandbox.warning {
            let _ = writeln!(out, "  WARNING  {warning}");
        }
    }
}

fn scores(out: &mut String, score: &ScoreView) {
    let _ = writeln!(
        out,
        "\nScore: {} / {} ({}%)",
        score.points, score.max, score.percent
    );
    let width = score
        .criteria
        .iter()
        .map(|criterion| criterion.title.chars().count())
        .max()
        .unwrap_or(0);
    for criterion in &score.criteria {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>3} / {:<3}  {}",
            criterion.title,
            criterion.points,
            criterion.max,
            bar(criterion.points, criterion.max),
        );
    }
}

fn bar(points: u32, max: u32) -> String {
    let filled = (points * BAR_WIDTH + max / 2).checked_div(max).unwrap_or(0);
    format!(
        "{}{}",
        "█".repeat(filled as usize),
        "░".repeat((BAR_WIDTH - filled) as usize)
    )
}

fn one_line(out: &mut String, check: &CheckView, mark: &str) {
    let Some(detail) = &check.detail else {
        return;
    };
    let _ = writeln!(
        out,
        "  {mark} {:<40} {}  [{}, {}/{}]",
        detail.id, check.title, detail.kind, detail.points, detail.max
    );
}

fn failed_check(out: &mut String, check: &CheckView) {
    let Some(detail) = &check.detail else {
        return;
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  ✗ {}  [{}, {}, 0/{}]",
        detail.id, check.status, detail.kind, detail.max
    );
    let _ = writeln!(out, "    {}", check.title);
    let _ = writeln!(out, "    → {}", check.message);
    evidence_lines(out, check);
    for note in &detail.notes {
        let mut lines = note.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "      note: {first}");
        }
        for line in lines {
            let _ = writeln!(out, "        | {line}");
        }
    }
}

/// A check's exchanges, and how many were left out.
pub(crate) fn evidence_lines(out: &mut String, check: &CheckView) {
    for exchange in &check.evidence {
        exchange_lines(out, exchange);
    }
    if check.evidence_omitted > 0 {
        let _ = writeln!(
            out,
            "      ({} more requests not shown)",
            check.evidence_omitted
        );
    }
}

fn exchange_lines(out: &mut String, view: &ExchangeView) {
    let exchange = &view.exchange;
    let from = exchange
        .source_ip
        .as_deref()
        .map(|ip| format!("  (from {ip})"))
        .unwrap_or_default();
    if !view.failed {
        // Steps that went as expected: one line, so the failing step stands out.
        let status = exchange
            .status
            .map(|status| status.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      ✓ {} {} → {status}{from}",
            exchange.method, exchange.path
        );
        return;
    }
    let _ = writeln!(out, "      {} {}{from}", exchange.method, exchange.path);
    for (name, value) in &exchange.request_headers {
        let _ = writeln!(out, "        {name}: {value}");
    }
    if let Some(body) = &exchange.request_body {
        let _ = writeln!(out, "        {}", body_line(body));
    }
    match (exchange.status, &exchange.error) {
        (Some(status), _) => {
            let content_type = exchange
                .response_headers
                .iter()
                .find(|(name, _)| name == "content-type")
                .map(|(_, value)| format!(" ({value})"))
                .unwrap_or_default();
            let _ = writeln!(out, "      ← {status}{content_type}");
            for (name, value) in exchange
                .response_headers
                .iter()
                .filter(|(name, _)| name != "content-type")
            {
                let _ = writeln!(out, "        {name}: {value}");
            }
            match &exchange.response_body {
                Some(body) => {
                    let _ = writeln!(out, "        {}", body_line(body));
                }
                None => {
                    let _ = writeln!(out, "        (empty body)");
                }
            }
        }
        (None, Some(error)) => {
            let _ = writeln!(out, "      ← no answer: {error}");
        }
        (None, None) => {}
    }
    for expectation in &exchange.expected {
        let mark = if expectation.met { "✓" } else { "✗" };
        let _ = writeln!(out, "        {mark} expected {}", expectation.text);
    }
    if let Some(curl) = &view.curl {
        let _ = writeln!(out, "        reproduce: {curl}");
    }
}

fn body_line(body: &Body) -> String {
    let text = body.excerpt.replace('\n', "\\n");
    if body.complete {
        text
    } else {
        format!("{text}… ({} bytes in all)", body.bytes)
    }
}

fn review_section(out: &mut String, review: &ReviewView) {
    match review {
        ReviewView::Pending(items) => {
            let _ = writeln!(
                out,
                "\nFor the interviewer to review (not scored by the kit; `cargo kit review` writes the rubric)"
            );
            for item in items {
                let _ = writeln!(out, "  • {}", item.title);
                for point in &item.look_for {
                    let _ = writeln!(out, "      - {point}");
                }
            }
        }
        ReviewView::Reviewed {
            done,
            all,
            reviewer,
            summary,
            criteria,
        } => {
            let _ = writeln!(
                out,
                "\nInterviewer review ({done} of {all} criteria; not part of the automatic score)"
            );
            if let Some(reviewer) = reviewer {
                let _ = writeln!(out, "  Reviewer: {reviewer}");
            }
            if let Some(summary) = summary {
                indent_lines(out, summary, "  ");
            }
            for criterion in criteria {
                let _ = writeln!(out, "  • {}: {}", criterion.title, criterion.level_line);
                if let Some(anchor) = &criterion.anchor {
                    let _ = writeln!(out, "      rubric: {anchor}");
                }
                if !criterion.notes.is_empty() {
                    indent_lines(out, &criterion.notes, "      | ");
                }
                for point in &criterion.look_for {
                    let _ = writeln!(out, "      - {point}");
                }
            }
        }
    }
}

fn signals_section(out: &mut String, signals: &SignalsView) {
    let _ = writeln!(out, "\nCode signals (not scored)");
    for row in &signals.rows {
        let mark = match row.tone {
            Tone::Fine => "✓",
            Tone::Ask => "?",
            Tone::Unknown => "-",
        };
        let _ = writeln!(out, "  {mark} {}: {}", row.label, row.value);
        for example in &row.examples {
            let _ = writeln!(out, "      {example}");
        }
    }
    for note in &signals.notes {
        let _ = writeln!(out, "  note: {note}");
    }
}

fn questions(out: &mut String, questions: &[ProposedQuestion]) {
    if questions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFollow-up questions for the debrief");
    for (number, question) in questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. [{}, {}] {}",
            number + 1,
            question.topic,
            question.level,
            question.ask
        );
        let _ = writeln!(out, "     why: {}", question.because);
        let _ = writeln!(out, "     listen for:");
        for point in &question.good_answer {
            let _ = writeln!(out, "       - {point}");
        }
        for flag in &question.red_flags {
            let _ = writeln!(out, "     red flag: {flag}");
        }
        if let Some(follow_up) = &question.follow_up {
            let _ = writeln!(out, "     then: {follow_up}");
        }
    }
}

fn service_section(out: &mut String, service: &ServiceView, view: &ReportView) {
    if let Some(stats) = &service.stats {
        let _ = writeln!(
            out,
            "\nService: ready in {} ms, started {} time(s), printed {} bytes",
            stats.startup_ms, stats.starts, stats.output_bytes
        );
    }
    if let Some(output) = &service.output {
        let _ = writeln!(out, "Its last output:");
        indent_lines(out, output, "  | ");
    }
    // Reproduce lines are printed only for checks that lost points.
    if view.failed().any(CheckView::reproducible) {
        let _ = writeln!(
            out,
            "\n`reproduce` lines assume BASE is where your service listens, e.g. BASE=http://127.0.0.1:8080"
        );
    }
}

pub(crate) fn indent_lines(out: &mut String, text: &str, prefix: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "{prefix}{line}");
    }
}
