//! `kit compare REPORT.json... [--format text|html|json] [--out FILE]`

use std::process::ExitCode;

use kit_harness::report::{
    CohortEntry, cohort, render_compare_html, render_compare_json, render_compare_text,
};

use crate::cli::{CompareArgs, CompareFormat};
use crate::commands::{emit, load_report, usage};

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let mut entries = Vec::new();
    for path in &args.reports {
        match load_report(path)? {
            Ok(report) => entries.push(CohortEntry {
                source: path.display().to_string(),
                report,
            }),
            Err(message) => return usage(&message),
        }
    }
    let cohort = match cohort(entries, args.bands) {
        Ok(cohort) => cohort,
        Err(message) => return usage(&message),
    };
    let rendered = match args.format {
        CompareFormat::Text => render_compare_text(&cohort),
        CompareFormat::Html => render_compare_html(&cohort),
        CompareFormat::Json => render_compare_json(&cohort),
    };
    emit(&rendered, args.out.as_deref())?;
    if let Some(out) = &args.out {
        eprintln!(
            "kit: {} reports compared; written to {}",
            cohort.rows.len(),
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
