//! One module per subcommand.

mod batch;
mod compare;
mod grade;

pub(crate) use grade::sandbox_options_of;
mod list;
mod package;
mod render;
mod review;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use kit_harness::Report;
use kit_harness::report::{
    self, RenderOptions, render_html, render_junit, render_markdown, render_text_for,
};

use crate::cli::{Audience, Cli, Command, Format, Rendering};

/// No report could be produced (bad arguments, unwritable output...).
pub const EXIT_ERROR: u8 = 1;
/// Wrong usage that clap could not catch (unknown exercise, unknown check).
pub const EXIT_USAGE: u8 = 2;
/// Graded, but not consistently: `kit grade --repeat N` saw a check's status
/// change between gradings of the same submission. Apart from 1 and 2, so a
/// script can tell a flaky grader from a run that failed.
pub const EXIT_FLAKY: u8 = 3;
/// Interrupted by Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Grade(args) => grade::run(args),
        Command::Batch(args) => batch::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::List { exercise, format } => list::run(exercise.as_deref(), format),
        Command::Package(args) => package::run(args),
        Command::Review(args) => review::run(&args),
    }
}

/// Refuses combinations clap cannot express: JSON and JUnit are the full
/// data, for the interviewer only.
pub(crate) fn check_rendering(rendering: &Rendering) -> Result<(), String> {
    if rendering.audience == Audience::Candidate
        && matches!(rendering.format, Format::Json | Format::Junit)
    {
        let format = match rendering.format {
            Format::Json => "json",
            _ => "junit",
        };
        return Err(format!(
            "--format {format} is for the interviewer only; --audience candidate works with --format text, md or html"
        ));
    }
    Ok(())
}

/// The report in the chosen format, for the chosen audience.
pub(crate) fn render(report: &Report, rendering: &Rendering) -> String {
    let options = RenderOptions {
        audience: match rendering.audience {
            Audience::Interviewer => report::Audience::Interviewer,
            Audience::Candidate => report::Audience::Candidate,
        },
        bands: rendering.bands,
    };
    match rendering.format {
        Format::Text => render_text_for(report, &options),
        Format::Json => report.to_json() + "\n",
        Format::Md => render_markdown(report, &options),
        Format::Html => render_html(report, &options),
        Format::Junit => render_junit(report),
    }
}

/// Writes `text` to `out`, or to standard output.
pub(crate) fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        Some(out) => {
            std::fs::write(out, text).with_context(|| format!("cannot write to {}", out.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

pub(crate) fn usage(message: &str) -> anyhow::Result<ExitCode> {
    eprintln!("kit: {message}");
    Ok(ExitCode::from(EXIT_USAGE))
}

/// Reads a review file for `exercise`: unreadable is an error (exit 1), not
/// a valid review of this exercise a usage mistake (exit 2), as in
/// [`load_report`].
pub(crate) fn load_review(
    path: &Path,
    exercise: &kit_harness::Exercise,
) -> anyhow::Result<Result<crate::review::ReviewFile, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(crate::review::parse(
        &text,
        &path.display().to_string(),
        exercise,
    ))
}

/// Reads a saved JSON report: an unreadable file is an error (exit 1), a file
/// that is not a v1 report a usage mistake (exit 2), as `Err(Ok(code))`.
pub(crate) fn load_report(path: &Path) -> anyhow::Result<Result<Report, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Report::from_json(&text)
        .map_err(|why| format!("{} is not a report kit can read: {why}", path.display())))
}
