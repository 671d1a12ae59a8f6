//! `cargo kit list [EXERCISE] [--format text|md]`.

use std::fmt::Write as _;
use std::process::ExitCode;

use kit_harness::{Check, Criterion, Exercise};

use crate::cli::ListFormat;
use crate::commands::usage;
use kit_exercises as exercises;

pub fn run(exercise: Option<&str>, format: ListFormat) -> anyhow::Result<ExitCode> {
    let Some(name) = exercise else {
        if format == ListFormat::Md {
            return usage(
                "--format md lists the checks of one exercise: `cargo kit list q1 --format md`",
            );
        }
        println!("Exercises (grade one with `cargo kit grade <id> [PATH]`):");
        for exercise in exercises::all() {
            println!(
                "  {:<4} {:<14} {:<28} {} checks, starter {}",
                exercise.id,
                exercise.name,
                exercise.title,
                exercise.checks.len(),
                exercise.starter_dir
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    let exercise = match exercises::find(name) {
        Ok(exercise) => exercise,
        Err(message) => return usage(&message),
    };
    print!(
        "{}",
        match format {
            ListFormat::Text => checks_text(&exercise),
            ListFormat::Md => checks_markdown(&exercise),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The checks of each criterion, in the suite's order, with their points.
fn by_criterion(exercise: &Exercise) -> Vec<(&Criterion, Vec<&Check>, u32)> {
    exercise
        .criteria
        .iter()
        .map(|criterion| {
            let checks: Vec<&Check> = exercise
                .checks
                .iter()
                .filter(|check| check.criterion == criterion.id)
                .collect();
            let points = checks.iter().map(|check| check.points).sum();
            (criterion, checks, points)
        })
        .collect()
}

fn checks_text(exercise: &Exercise) -> String {
    let mut out = format!(
        "{} {}: {} checks, {} points\n",
        exercise.id,
        exercise.title,
        exercise.checks.len(),
        exercise.max_points()
    );
    for (criterion, checks, points) in by_criterion(exercise) {
        let _ = writeln!(out, "\n{} ({points} points)", criterion.title);
        for check in checks {
            let _ = writeln!(
                out,
                "  {:<42} {:<8} {:>2}  {}",
                check.id, check.kind, check.points, check.title
            );
        }
    }
    out
}

/// The tables of `docs/scoring.md`: one per criterion.
fn checks_markdown(exercise: &Exercise) -> String {
    let mut out = String::new();
    for (criterion, checks, points) in by_criterion(exercise) {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "### {} ({points} points)\n", criterion.title);
        out.push_str("| check | kind | points | what it checks |\n|---|---|---|---|\n");
        for check in checks {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                check.id,
                check.kind,
                check.points,
                check.title.replace('|', "\\|")
            );
        }
    }
    out
}
