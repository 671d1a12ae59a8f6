//! The text report for the candidate: which requirements passed and which did
//! not, and for each that did not, the requests and what came back. Drawn
//! from the candidate's [`ReportView`], which holds no points, check ids,
//! notes, bands or review items (docs/report-format.md, "Audiences").

use std::fmt::Write as _;

use crate::bands::Audience;
use crate::text::{evidence_lines, indent_lines};
use crate::view::{CheckView, Highlight, RenderOptions, ReportView, ServiceView};
use crate::{Report, Status};

pub fn render_candidate_text(report: &Report) -> String {
    let view = ReportView::build(
        report,
        &RenderOptions {
            audience: Audience::Candidate,
            ..RenderOptions::default()
        },
    );
    let header = &view.header;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "interview-kit results: {} ({})",
        header.exercise_title, header.exercise
    );
    for (label, value) in &header.meta {
        let _ = writeln!(out, "  {:<12} {value}", label.to_lowercase());
    }
    if let Some(not_graded) = &view.not_graded {
        let _ = writeln!(out, "\nNOT GRADED: {}", not_graded.reason);
        let _ = writeln!(
            out,
            "No requirement could be checked. Fix the problem below and submit again."
        );
        if let Some(log) = &not_graded.build_log {
            let _ = writeln!(out, "\nBuild output (last lines):");
            indent_lines(&mut out, log, "  | ");
        }
        service_output(&mut out, view.service.as_ref());
        return out;
    }
    if let Some((met, counted)) = view.met {
        let _ = writeln!(out, "\nYou met {met} of {counted} requirements.");
    }
    list(&mut out, "Requirements met", &view.strengths, "✓");
    list(&mut out, "Requirements not met", &view.gaps, "✗");

    let failed: Vec<&CheckView> = view
        .detailed
        .iter()
        .flat_map(|group| &group.checks)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nWhat did not pass, and what your service answered");
        for check in &failed {
            let _ = writeln!(out, "\n  ✗ {}", check.title);
            let _ = writeln!(out, "    → {}", check.message);
            evidence_lines(&mut out, check);
        }
    }
    let skipped: Vec<&CheckView> = view.with_status(Status::Skipped).collect();
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
    service_output(&mut out, view.service.as_ref());
    if failed.iter().any(|check| check.reproducible()) {
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

fn service_output(out: &mut String, service: Option<&ServiceView>) {
    if let Some(output) = service.and_then(|service| service.output.as_ref()) {
        let _ = writeln!(out, "\nYour service's last output:");
        indent_lines(out, output, "  | ");
    }
}
