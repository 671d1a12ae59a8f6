//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Grade backend interview exercises: build a submission, run it as a
/// black-box HTTP service, score it against the exercise's hidden checks.
#[derive(Debug, Parser)]
#[command(name = "kit", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade a submission and print its score report.
    ///
    /// Exits 0 whenever a report was produced, whatever the score (a build
    /// failure or a service that never starts is a report too); non-zero only
    /// when no report could be produced.
    #[command(after_help = "Examples:\n  \
        kit grade q1                                  grade the Q1 starter\n  \
        kit grade q1 solutions/q1-products            grade a cargo crate\n  \
        kit grade q1 ~/alice --cmd 'python3 app.py'   grade any program (run from ~/alice)\n  \
        kit grade q1 ../bob --format json --out bob.json\n  \
        kit grade q1 ../bob --only q1.update          only the update checks (and what they need)")]
    Grade(GradeArgs),
    /// List the exercises, or the checks of one exercise.
    List {
        /// Exercise to show the checks of (q1, q2, q3, or a long name).
        exercise: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// Exercise to grade against: q1, q2, q3 (or q1-products, q2-auth, q3-ratelimit).
    pub exercise: String,
    /// The submission: a cargo crate directory (built with `cargo build
    /// --release`). With --cmd, the directory the command runs in. Default:
    /// the exercise's starter, or the current directory with --cmd.
    pub path: Option<PathBuf>,
    /// Run this shell command instead of building a crate (any language),
    /// e.g. --cmd 'python3 app.py'.
    #[arg(long, value_name = "CMD")]
    pub cmd: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Run only checks with this id, or ids under this prefix (q1.update), plus
    /// the checks they depend on. Repeatable.
    #[arg(long = "only", value_name = "CHECK_ID")]
    pub only: Vec<String>,
    /// Bound on the checks phase, in seconds (the build has its own bound).
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Bound on the build, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub build_timeout: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: the score per criterion, then what failed and why.
    Text,
    /// For programs: schema interview-kit/report/v1 (docs/report-format.md).
    Json,
}
