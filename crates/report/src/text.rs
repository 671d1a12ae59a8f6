//! The text report: a header and the score per criterion for the hiring
//! manager, then every check that lost points with the evidence an engineer
//! (or the candidate) needs: what was sent, what came back, what was expected,
//! and a curl line to reproduce it.

use std::fmt::Write as _;

use crate::evidence::{Body, Exchange};
use crate::status::Status;
use crate::target::Target;
use crate::view::{Tone, level_line, look_for_of, signal_rows};
use crate::{CheckResult, ManualReview, Report, RunStatus};

const BAR_WIDTH: u32 = 20;
/// Lines of the service's output shown when something went wrong with it.
const OUTPUT_LINES: usize = 20;
/// Longest body put on a curl line; larger ones are described instead.
const CURL_BODY_LIMIT: usize = 300;

pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, report);
    if report.status == RunStatus::Error {
        run_error(&mut out, report);
    }
    scores(&mut out, report);

    let lost: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|check| {
            !matches!(
                check.status,
                Status::Pass | Status::Skipped | Status::Blocked
            )
        })
        .collect();
    if report.status == RunStatus::Completed && !lost.is_empty() {
        let _ = writeln!(out, "\nChecks that lost points ({})", lost.len());
        for check in lost {
            failed_check(&mut out, check);
        }
    }
    let blocked: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|check| check.status == Status::Blocked)
        .collect();
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
    let skipped: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|check| check.status == Status::Skipped)
        .collect();
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
    let passed: Vec<&CheckResult> = report
        .checks
        .iter()
        .filter(|check| check.status == Status::Pass)
        .collect();
    if !passed.is_empty() {
        let _ = writeln!(out, "\nPassed ({})", passed.len());
        for check in passed {
            one_line(&mut out, check, "✓");
        }
    }
    review(&mut out, report);
    signals(&mut out, report);
    questions(&mut out, report);
    service(&mut out, report);
    out
}

fn header(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "interview-kit report: {} ({})",
        report.exercise_title, report.exercise
    );
    let target = match &report.target {
        Target::Cargo { path } => format!("{} (cargo crate)", path.display()),
        Target::Command { command, dir } => format!("`{command}` run in {}", dir.display()),
    };
    let _ = writeln!(out, "  target   {target}");
    let _ = writeln!(
        out,
        "  graded   {} UTC, took {:.1} s, kit {}",
        report.started_at.format("%Y-%m-%d %H:%M"),
        report.duration_ms as f64 / 1000.0,
        report.kit_version
    );
    if !report.only.is_empty() {
        let _ = writeln!(
            out,
            "  partial  only {} (and what they need)",
            report.only.join(", ")
        );
    }
    if let Some(sandbox) = &report.sandbox {
        let _ = writeln!(out, "  sandbox  {}", sandbox.summary());
        if let Some(warning) = &sandbox.warning {
            let _ = writeln!(out, "  WARNING  {warning}");
        }
    }
}

fn run_error(out: &mut String, report: &Report) {
    let reason = report.error.as_deref().unwrap_or("unknown error");
    let _ = writeln!(out, "\nNOT GRADED: {reason}");
    let _ = writeln!(
        out,
        "No check could run, so every check scores 0. Fix the problem below and grade again."
    );
    if let Some(build) = &report.build
        && !build.log_tail.trim().is_empty()
        && reason.contains("did not build")
    {
        let _ = writeln!(out, "\nBuild output (last lines):");
        indent_lines(out, &last_lines(&build.log_tail, 40), "  | ");
    }
}

fn scores(out: &mut String, report: &Report) {
    let percent = (report.score.points * 100)
        .checked_div(report.score.max)
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "\nScore: {} / {} ({percent}%)",
        report.score.points, report.score.max
    );
    let width = report
        .criteria
        .iter()
        .map(|criterion| criterion.title.chars().count())
        .max()
        .unwrap_or(0);
    for criterion in &report.criteria {
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

fn one_line(out: &mut String, check: &CheckResult, mark: &str) {
    let _ = writeln!(
        out,
        "  {mark} {:<40} {}  [{}, {}/{}]",
        check.id, check.title, check.kind, check.points, check.max
    );
}

fn failed_check(out: &mut String, check: &CheckResult) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  ✗ {}  [{}, {}, 0/{}]",
        check.id, check.status, check.kind, check.max
    );
    let _ = writeln!(out, "    {}", check.title);
    let _ = writeln!(out, "    → {}", check.message);
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
    for note in &check.notes {
        let mut lines = note.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "      note: {first}");
        }
        for line in lines {
            let _ = writeln!(out, "        | {line}");
        }
    }
}

pub(super) fn exchange_lines(out: &mut String, exchange: &Exchange) {
    let from = exchange
        .source_ip
        .as_deref()
        .map(|ip| format!("  (from {ip})"))
        .unwrap_or_default();
    if !exchange.failed() {
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
            let interesting: Vec<String> = exchange
                .response_headers
                .iter()
                .filter(|(name, _)| name != "content-type")
                .map(|(name, value)| format!("{name}: {value}"))
                .collect();
            let content_type = exchange
                .response_headers
                .iter()
                .find(|(name, _)| name == "content-type")
                .map(|(_, value)| format!(" ({value})"))
                .unwrap_or_default();
            let _ = writeln!(out, "      ← {status}{content_type}");
            for header in interesting {
                let _ = writeln!(out, "        {header}");
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
    if exchange.failed()
        && let Some(curl) = curl_line(exchange)
    {
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

/// A curl command the candidate can run against their own service
/// (`BASE=http://127.0.0.1:8080`). Requests from a chosen source address or
/// with large bodies are not reproducible on one line and get none.
pub(super) fn curl_line(exchange: &Exchange) -> Option<String> {
    if exchange.source_ip.is_some() {
        return None;
    }
    let mut line = String::from("curl -i");
    if exchange.method != "GET" {
        let _ = write!(line, " -X {}", exchange.method);
    }
    let _ = write!(line, " \"$BASE{}\"", exchange.path);
    for (name, value) in &exchange.request_headers {
        let _ = write!(line, " -H '{name}: {}'", value.replace('\'', r"'\''"));
    }
    if let Some(body) = &exchange.request_body {
        if !body.complete || body.bytes > CURL_BODY_LIMIT {
            return None;
        }
        let _ = write!(
            line,
            " --data-raw '{}'",
            body.excerpt.replace('\'', r"'\''")
        );
    }
    Some(line)
}

fn review(out: &mut String, report: &Report) {
    if let Some(review) = &report.manual_review {
        manual_review(out, report, review);
        return;
    }
    if report.review.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nFor the interviewer to review (not scored by the kit; `kit review` writes the rubric)"
    );
    for item in &report.review {
        let _ = writeln!(out, "  • {}", item.title);
        for point in &item.look_for {
            let _ = writeln!(out, "      - {point}");
        }
    }
}

fn manual_review(out: &mut String, report: &Report, review: &ManualReview) {
    let (done, all) = review.reviewed();
    let _ = writeln!(
        out,
        "\nInterviewer review ({done} of {all} criteria; not part of the automatic score)"
    );
    if let Some(reviewer) = &review.reviewer {
        let _ = writeln!(out, "  Reviewer: {reviewer}");
    }
    if let Some(summary) = &review.summary {
        indent_lines(out, summary, "  ");
    }
    for criterion in &review.criteria {
        let _ = writeln!(out, "  • {}: {}", criterion.title, level_line(criterion));
        if let Some(anchor) = &criterion.anchor {
            let _ = writeln!(out, "      rubric: {anchor}");
        }
        if !criterion.notes.is_empty() {
            indent_lines(out, &criterion.notes, "      | ");
        }
        if criterion.level.is_none() {
            for point in look_for_of(report, criterion) {
                let _ = writeln!(out, "      - {point}");
            }
        }
    }
}

fn signals(out: &mut String, report: &Report) {
    let Some(signals) = &report.signals else {
        return;
    };
    let _ = writeln!(out, "\nCode signals (not scored)");
    for row in signal_rows(signals) {
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

fn questions(out: &mut String, report: &Report) {
    if report.questions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFollow-up questions for the debrief");
    for (number, question) in report.questions.iter().enumerate() {
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

fn service(out: &mut String, report: &Report) {
    let Some(service) = &report.service else {
        return;
    };
    let troubled = report.status == RunStatus::Error
        || report
            .checks
            .iter()
            .any(|check| matches!(check.status, Status::Crash | Status::Timeout));
    let _ = writeln!(
        out,
        "\nService: ready in {} ms, started {} time(s), printed {} bytes",
        service.startup_ms, service.starts, service.output_bytes
    );
    if troubled && !service.output_tail.trim().is_empty() {
        let _ = writeln!(out, "Its last output:");
        indent_lines(out, &last_lines(&service.output_tail, OUTPUT_LINES), "  | ");
    }
    // Reproduce lines are printed only for checks that lost points.
    let shows_reproduce_lines = report
        .checks
        .iter()
        .filter(|check| {
            !matches!(
                check.status,
                Status::Pass | Status::Skipped | Status::Blocked
            )
        })
        .any(|check| {
            check
                .evidence
                .iter()
                .any(|exchange| exchange.failed() && curl_line(exchange).is_some())
        });
    if shows_reproduce_lines {
        let _ = writeln!(
            out,
            "\n`reproduce` lines assume BASE is where your service listens, e.g. BASE=http://127.0.0.1:8080"
        );
    }
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

pub(super) fn indent_lines(out: &mut String, text: &str, prefix: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "{prefix}{line}");
    }
}
