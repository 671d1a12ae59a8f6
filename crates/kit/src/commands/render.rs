//! `kit render REPORT.json [--format ...] [--audience ...] [--review FILE] [--out FILE]`

use std::process::ExitCode;

use crate::cli::RenderArgs;
use crate::commands::{check_rendering, emit, load_report, load_review, render, usage};
use crate::review;
use kit_exercises as exercises;

pub fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    if let Err(message) = check_rendering(&args.rendering) {
        return usage(&message);
    }
    let mut report = match load_report(&args.report)? {
        Ok(report) => report,
        Err(message) => return usage(&message),
    };
    if let Some(path) = &args.review {
        let exercise = match exercises::find(&report.exercise) {
            Ok(exercise) => exercise,
            Err(message) => return usage(&message),
        };
        let file = match load_review(path, &exercise)? {
            Ok(file) => file,
            Err(message) => return usage(&message),
        };
        if let Err(message) = review::merge(&mut report, file, &path.display().to_string()) {
            return usage(&message);
        }
    }
    emit(&render(&report, &args.rendering), args.out.as_deref())?;
    if let Some(out) = &args.out {
        eprintln!("kit: written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
