//! `kit list [EXERCISE]`.

use std::process::ExitCode;

use crate::commands::EXIT_USAGE;
use crate::exercises;

pub fn run(exercise: Option<&str>) -> anyhow::Result<ExitCode> {
    let Some(name) = exercise else {
        println!("Exercises (grade one with `kit grade <id> [PATH]`):");
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
        Err(message) => {
            eprintln!("kit: {message}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    println!(
        "{} {}: {} checks, {} points",
        exercise.id,
        exercise.title,
        exercise.checks.len(),
        exercise.max_points()
    );
    for criterion in exercise.criteria {
        let checks: Vec<_> = exercise
            .checks
            .iter()
            .filter(|check| check.criterion == criterion.id)
            .collect();
        let points: u32 = checks.iter().map(|check| check.points).sum();
        println!("\n{} ({points} points)", criterion.title);
        for check in checks {
            println!(
                "  {:<42} {:<8} {:>2}  {}",
                check.id, check.kind, check.points, check.title
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
