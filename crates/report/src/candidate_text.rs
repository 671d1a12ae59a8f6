//! The text report for the candidate: which requirements passed and which did
//! not, and for each that did not, the requests and what came back. No
//! points, check ids, notes, bands or review items (docs/report-format.md,
//! "Audiences").

use std::fmt::Write as _;

use crate::bands::Audience;
use crate::status::Status;
use crate::text::{exchange_lines, indent_lines};
use crate::view::{self, Highlight, by_criterion, highlights, lost, meta_lines};
use crate::{Report, RunStatus};

pub fn render_candidate_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "interview-kit results: {} ({})",
        report.exercise_title, report.exercise
    );
    for (label, value) in meta_lines(report, Audience::Candidate) {
        let _ = writeln!(out, "  {:<12} {value}", label.to_lowercase());
    }
    if report.status == RunStatus::Error {
        let _ = writeln!(
            out,
            "\nNOT GRADED: {}",
            report.error.as_deref().unwrap_or("unknown error")
        );
        let _ = writeln!(
            out,
            "No requirement could be checked. Fix the problem below and submit again."
        );
        if let Some(log) = view::failed_build_log(report) {
            let _ = writeln!(out, "\nBuild output (last lines):");
            indent_lines(&mut out, &log, "  | ");
        }
        service_output(&mut out, report);
        return out;
    }
    let counted = report
        .checks
        .iter()
        .filter(|check| check.status != Status::Skipped)
        .count();
    let met = report.ids_with_status(Status::Pass).len();
    let _ = writeln!(out, "\nYou met {met} of {counted} requirements.");

    let (strengths, gaps) = highlights(report, Audience::Candidate);
    list(&mut out, "Requirements met", &strengths, "✓");
    list(&mut out, "Requirements not met", &gaps, "✗");

    let failed: Vec<_> = by_criterion(report)
        .into_iter()
        .flat_map(|(_, checks)| checks)
        .filter(|check| lost(check) && check.status != Status::Blocked)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nWhat did not pass, and what your service answered");
        for check in &failed {
            let _ = writeln!(out, "\n  ✗ {}", check.title);
            let _ = writeln!(out, "    → {}", check.message);
            for exchange in &check.evidence {
                exchange_lines(&mut out, exchange);
            }
            if check.evidence_omitted > 0 {
                let _ = writeln!(
                    out,
                    "      ({} more requests not shown)",
                    check.evidence_omitted
                );
            }
        }
    }
    let skipped: Vec<_> = report
        .checks
        .iter()
        .filter(|check| check.status == Status::Skipped)
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nNot tested on the grading machine, not counted ({})",
            skipped.len()
        );
        for check in skipped {
            let _ = writeln!(out, "  - {}", check.title);
        }
    }
    service_output(&mut out, report);
    let reproducible = failed.iter().any(|check| {
        check
            .evidence
            .iter()
            .any(|exchange| exchange.failed() && super::text::curl_line(exchange).is_some())
    });
    if reproducible {
        let _ = writeln!(
            out,
            "\n`reproduce` lines assume BASE is where your service listens, e.g. BASE=http://127.0.0.1:8080"
        );
    }
    out
}

fn list(out: &mut String, title: &str, groups: &[Highlight], mark: &str) {
    let total: usize = groups.iter().map(|group| group.items.len()).sum();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "\n{title} ({total})");
    for group in groups {
        let _ = writeln!(out, "  {}", group.criterion);
        for item in &group.items {
            let _ = writeln!(out, "    {mark} {item}");
        }
    }
}

fn service_output(out: &mut String, report: &Report) {
    if let Some(output) = view::troubled_output(report) {
        let _ = writeln!(out, "\nYour service's last output:");
        indent_lines(out, &output, "  | ");
    }
}
