//! One module per subcommand.

mod grade;
mod list;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// No report could be produced (bad arguments, unwritable output...).
pub const EXIT_ERROR: u8 = 1;
/// Wrong usage that clap could not catch (unknown exercise, unknown check).
pub const EXIT_USAGE: u8 = 2;
/// Interrupted by Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Grade(args) => grade::run(args),
        Command::List { exercise } => list::run(exercise.as_deref()),
    }
}
