//! `kit render REPORT.json [--format ...] [--audience ...] [--out FILE]`

use std::process::ExitCode;

use crate::cli::RenderArgs;
use crate::commands::{check_rendering, emit, load_report, render, usage};

pub fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    if let Err(message) = check_rendering(&args.rendering) {
        return usage(&message);
    }
    let report = match load_report(&args.report)? {
        Ok(report) => report,
        Err(message) => return usage(&message),
    };
    emit(&render(&report, &args.rendering), args.out.as_deref())?;
    if let Some(out) = &args.out {
        eprintln!("kit: written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
