//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use kit_harness::Limits;
use kit_harness::report::Bands;

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
        kit grade q1 ../bob --only q1.update          only the update checks (and what they need)\n  \
        kit grade q1 ../bob --review bob-q1-review.toml --format html --out bob.html\n  \
        kit grade q1 ../bob --sandbox require         refuse to run it without a sandbox (docs/security.md)")]
    Grade(GradeArgs),
    /// Render a report saved with `--format json` again, in any format and
    /// for either audience (e.g. the hiring manager's HTML page).
    #[command(after_help = "Examples:\n  \
        kit render alice.json --format html --out alice.html\n  \
        kit render alice.json --format md --audience candidate --out feedback.md\n  \
        kit render alice.json --format html --bands 90,70\n  \
        kit render alice.json --review alice-q1-review.toml --format html --out alice.html")]
    Render(RenderArgs),
    /// Compare saved JSON reports of one exercise: one row per candidate, best
    /// total first.
    #[command(after_help = "Examples:\n  \
        kit compare alice.json bob.json carol.json\n  \
        kit compare reports/*.json --format html --out cohort.html")]
    Compare(CompareArgs),
    /// List the exercises, or the checks of one exercise.
    List {
        /// Exercise to show the checks of (q1, q2, q3, or a long name).
        exercise: Option<String>,
    },
    /// Make what a candidate receives: the starter as a standalone crate with
    /// its own Cargo.lock and the brief as README.md, as a folder and a
    /// .tar.gz of it. Nothing of the hidden checks or the solution is in it.
    #[command(after_help = "Examples:\n  \
        kit package q1                     ./q1-products-candidate/ and ./q1-products-candidate.tar.gz\n  \
        kit package q2 --out ~/outgoing    in ~/outgoing\n  \
        kit package q3 --force             replace a previous package")]
    Package(PackageArgs),
    /// Write a review file for a submission: the criteria no program scores
    /// (code organisation, the candidate's tests), each with its rubric of
    /// four anchored levels. Fill it in, then merge it into the report with
    /// `kit grade ... --review FILE` or `kit render ... --review FILE`.
    #[command(after_help = "Examples:\n  \
        kit review q1 ~/candidates/alice       writes ./alice-q1-review.toml\n  \
        kit review q2 ../bob --out reviews/bob.toml")]
    Review(ReviewArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Exercise: q1, q2, q3 (or q1-products, q2-auth, q3-ratelimit).
    pub exercise: String,
    /// The submission's folder (the one you grade).
    pub path: PathBuf,
    /// Where to write the review file. Default: `<folder name>-<exercise>-review.toml`
    /// in the current directory.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing review file (a filled-in review is otherwise never
    /// overwritten).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct PackageArgs {
    /// Exercise to package: q1, q2, q3 (or q1-products, q2-auth, q3-ratelimit).
    pub exercise: String,
    /// Folder to write `<exercise>-candidate/` and its .tar.gz in (created if
    /// missing). Default: the current directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace an existing non-empty package folder and archive.
    #[arg(long)]
    pub force: bool,
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
    #[command(flatten)]
    pub rendering: Rendering,
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
    /// Do not measure the code signals of a cargo crate (cargo fmt --check,
    /// clippy, the candidate's tests, unwrap/expect, unsafe). They are shown,
    /// never scored, and add a debug build and a test run to the grading.
    #[arg(long)]
    pub no_signals: bool,
    /// Merge an interviewer's review file (from `kit review`) into the report,
    /// shown apart from the automatic score.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    #[command(flatten)]
    pub sandbox: SandboxArgs,
    /// Internal: this process is the grading phase, already inside a private
    /// network namespace (set by `kit grade` itself).
    #[arg(long, hide = true)]
    pub in_private_network: bool,
    /// Internal: the private copy of the crate, made and fetched by the
    /// process that started this one.
    #[arg(long, hide = true, value_name = "DIR")]
    pub prepared_copy: Option<PathBuf>,
}

/// How candidate code is confined (docs/security.md).
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Sandbox for the build and the service: `auto` uses bubblewrap when it
    /// works here and warns (terminal and report) when it does not;
    /// `require` refuses to grade without it; `off` runs candidate code with
    /// your privileges (trusted code only).
    #[arg(long, value_enum, default_value_t = SandboxChoice::Auto)]
    pub sandbox: SandboxChoice,
    /// Writable memory of each service process, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::SERVICE.memory_mib)]
    pub memory: u64,
    /// Processes and threads the service may run at once.
    #[arg(long, value_name = "N", default_value_t = Limits::SERVICE.processes)]
    pub processes: u64,
    /// Largest file the service may write, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::SERVICE.file_size_mib)]
    pub file_size: u64,
    /// CPU time of each service process, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = Limits::SERVICE.cpu_seconds)]
    pub cpu: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxChoice {
    /// Sandboxed when bubblewrap works here, else unconfined with a warning.
    Auto,
    /// Refuse to run candidate code unconfined.
    Require,
    /// No sandbox: for trusted code only.
    Off,
}

/// How a report is rendered: shared by `grade` and `render`.
#[derive(Debug, Clone, clap::Args)]
pub struct Rendering {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Who the report is for. `candidate`: what passed and failed and why, no
    /// points, check ids, notes, bands or review items (text, md, html only).
    #[arg(long, value_enum, default_value_t = Audience::Interviewer)]
    pub audience: Audience,
    /// Score bands of the md and html reports, as percentages of the points
    /// available: at least STRONG is "strong", at least MEETS "meets the bar",
    /// less is "below the bar".
    #[arg(long, value_name = "STRONG,MEETS", default_value = "85,60")]
    pub bands: Bands,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A report written by `kit grade ... --format json`.
    #[arg(value_name = "REPORT.json")]
    pub report: PathBuf,
    #[command(flatten)]
    pub rendering: Rendering,
    /// Write the rendering to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Merge an interviewer's review file (from `kit review`) into the report,
    /// shown apart from the automatic score. With `--format json`, the saved
    /// report then carries the review.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Reports written by `kit grade ... --format json`, all of one exercise.
    #[arg(value_name = "REPORT.json", required = true)]
    pub reports: Vec<PathBuf>,
    /// Table format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// Score bands, as in `kit grade --bands`.
    #[arg(long, value_name = "STRONG,MEETS", default_value = "85,60")]
    pub bands: Bands,
    /// Write the table to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: the score per criterion, then what failed and why.
    Text,
    /// For programs: schema interview-kit/report/v1 (docs/report-format.md).
    Json,
    /// Markdown: the HTML report's content, for a ticket or a wiki.
    #[value(alias = "markdown")]
    Md,
    /// One self-contained HTML page for a hiring manager (prints on A4).
    Html,
    /// JUnit XML for CI: one testcase per check.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// Everything: points, bands, check ids, notes, what to review.
    Interviewer,
    /// What passed and what failed, and why; nothing about scoring.
    Candidate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Text,
    /// One self-contained HTML page.
    Html,
}
