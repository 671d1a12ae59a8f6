//! `cargo kit review <exercise> PATH [--out FILE] [--force]`: writes the review
//! file (the rubric of the criteria no program scores) for one submission.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::ReviewArgs;
use crate::commands::usage;
use crate::review;
use kit_exercises as exercises;

pub fn run(args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let exercise = match exercises::find(&args.exercise) {
        Ok(exercise) => exercise,
        Err(message) => return usage(&message),
    };
    if !args.path.is_dir() {
        return usage(&format!(
            "{} is not a directory: give the submission's folder",
            args.path.display()
        ));
    }
    let submission = args
        .path
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", args.path.display()))?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(review::default_file_name(&exercise, &submission)));
    if out.exists() && !args.force {
        return usage(&format!(
            "{} already exists and may hold a filled-in review; use --force to replace it, or --out to write elsewhere",
            out.display()
        ));
    }
    std::fs::write(&out, review::template(&exercise, &submission, &out))
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "kit: wrote {out}: give each criterion a level (1 to 4) and notes, then\n  \
         cargo kit grade {id} {path} --review {out} --format html --out report.html",
        out = out.display(),
        id = exercise.id,
        path = args.path.display(),
    );
    Ok(ExitCode::SUCCESS)
}
