//! `kit batch EXERCISE SUBMISSION... --out DIR`: see [`crate::batch`].

use std::process::ExitCode;

use crate::batch::{self, Outcome};
use crate::cli::BatchArgs;
use crate::commands::{EXIT_ERROR, EXIT_INTERRUPTED, usage};

pub fn run(args: &BatchArgs) -> anyhow::Result<ExitCode> {
    let exercise = match kit_exercises::find(&args.exercise) {
        Ok(exercise) => exercise,
        Err(message) => return usage(&message),
    };
    let summary = match batch::run(&exercise, args)? {
        Ok(summary) => summary,
        Err(message) => return usage(&message),
    };
    if let Some(index) = args.index {
        if let Some(entry) = summary.entries.first() {
            eprintln!(
                "kit: submission {index} ({}): {}; gather every report by running the batch again without --index",
                entry.name,
                serde_json::to_value(entry.outcome)
                    .ok()
                    .and_then(|value| value.as_str().map(str::to_owned))
                    .unwrap_or_default()
            );
        }
    } else {
        eprintln!(
            "kit: {} submissions: {} graded, {} kept from an earlier run, {} not graded{}; index in {}, cohort page in {}",
            summary.entries.len(),
            summary.count(Outcome::Graded),
            summary.count(Outcome::Kept),
            summary.count(Outcome::NotGraded),
            if summary.interrupted {
                " (interrupted: run it again to go on)"
            } else {
                ""
            },
            args.out.join(batch::INDEX_FILE).display(),
            args.out.join(batch::COHORT_PAGE).display(),
        );
    }
    Ok(if summary.interrupted {
        ExitCode::from(EXIT_INTERRUPTED)
    } else if summary.count(Outcome::NotGraded) > 0 {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}
