//! `kit grade <exercise> [PATH] [--cmd CMD] [--repeat N] ...`

mod flakiness;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use kit_harness::submission_kind;
use kit_harness::{
    BuildOptions, Exercise, Limits, PrivateCopy, Report, RunOptions, Sandbox, SandboxMode,
    SandboxOptions, Source, Target, Toolchain,
};
use kit_questions::Bank;

use crate::cli::{GradeArgs, SandboxArgs, SandboxChoice};
use crate::commands::{EXIT_FLAKY, EXIT_INTERRUPTED, check_rendering, load_review, render, usage};
use crate::private_network;
use crate::progress::Progress;
use crate::repo;
use crate::review;
use flakiness::Tally;
use kit_exercises as exercises;

pub fn run(args: GradeArgs) -> anyhow::Result<ExitCode> {
    if let Err(message) = check_rendering(&args.rendering) {
        return usage(&message);
    }
    let exercise = match exercises::find(&args.exercise) {
        Ok(exercise) => exercise,
        Err(message) => return usage(&message),
    };
    if let Err(message) = kit_harness::select(&exercise, &args.only) {
        return usage(&message);
    }
    let target = match target_of(&args, exercise.starter_dir) {
        Ok(target) => target,
        Err(message) => return usage(&message),
    };
    // A review file that cannot be merged fails now, not after the grading.
    let review = match &args.review {
        Some(path) => {
            let source = path.display().to_string();
            let file = match load_review(path, &exercise)? {
                Ok(file) => file,
                Err(message) => return usage(&message),
            };
            if let Err(message) = review::check_submission(&file, &target, &source) {
                return usage(&message);
            }
            Some((file, source))
        }
        None => None,
    };
    if let Some(out) = &args.out {
        // Fail now, not after minutes of grading.
        std::fs::write(out, "")
            .with_context(|| format!("cannot write the report to {}", out.display()))?;
    }
    if let Some(out) = &args.repeat_out {
        // Fail now, not after N gradings.
        std::fs::write(out, "")
            .with_context(|| format!("cannot write the flakiness summary to {}", out.display()))?;
    }
    let sandbox_options = sandbox_options(&args);
    let sandbox = match Sandbox::resolve(&sandbox_options) {
        Ok(sandbox) => sandbox,
        Err(message) => return usage(&message),
    };
    if !args.in_private_network
        && let Some(warning) = sandbox.warning()
    {
        eprintln!("kit: WARNING: {warning}");
    }
    let target_dir = match &target {
        Target::Cargo { path } => repo::build_dir_for(path),
        Target::Command { .. } | Target::Project { .. } => None,
    };
    // A crate from outside the kit's repository is built from a private copy
    // (the harness's preparation makes it; see `Source`). Under the private
    // network, the copy is made here first so its dependencies can be fetched.
    let outside_crate = matches!(&target, Target::Cargo { path } if !repo::is_inside(path));
    let source = match (&target, &args.prepared_copy) {
        (Target::Cargo { .. } | Target::Project { .. }, Some(prepared)) => {
            Source::CopiedBefore(prepared.clone())
        }
        _ if outside_crate => Source::PrivateCopy,
        _ => Source::InPlace,
    };
    let mut options = RunOptions {
        only: args.only.clone(),
        run_timeout: Duration::from_secs(args.timeout),
        build: BuildOptions {
            timeout: Duration::from_secs(args.build_timeout),
            target_dir,
            cargo_home: None,
            fetched: args.in_private_network,
            source,
        },
        sandbox: sandbox_options,
        signals: matches!(target, Target::Cargo { .. }) && !args.no_signals,
        jobs: args.jobs.get(),
        ..RunOptions::default()
    };

    // A candidate's first build starts from the exercise's dependencies,
    // compiled once per machine (`kit batch` makes them), when they exist.
    if outside_crate
        && !args.in_private_network
        && let Some(build_dir) = &options.build.target_dir
    {
        match crate::dependency_cache::seed(&exercise, build_dir) {
            Ok(true) => eprintln!(
                "kit: the exercise's dependencies, compiled before, copied into its build folder"
            ),
            Ok(false) => {}
            Err(message) => eprintln!("kit: WARNING: {message}; building from scratch"),
        }
    }

    if sandbox.is_confined() && !args.in_private_network {
        // Fetch while there is network, then grade where there is none.
        let copy = match &target {
            Target::Cargo { path } if outside_crate => {
                Some(PrivateCopy::make(path).map_err(anyhow::Error::msg)?)
            }
            // Installing writes into a project: always a copy.
            Target::Project { path, .. } => {
                Some(PrivateCopy::make(path).map_err(anyhow::Error::msg)?)
            }
            _ => None,
        };
        match &target {
            Target::Cargo { path } => {
                let fetched_dir = copy.as_ref().map_or(path.as_path(), PrivateCopy::path);
                fetch(fetched_dir, Dependencies::Crate, &options, &sandbox)?;
            }
            Target::Project { toolchain, .. } => {
                if let Some(copy) = &copy {
                    fetch(
                        copy.path(),
                        Dependencies::Project(*toolchain),
                        &options,
                        &sandbox,
                    )?;
                }
            }
            Target::Command { .. } => {}
        }
        let mut inner: Vec<OsString> = vec!["--in-private-network".into()];
        if let Some(copy) = &copy {
            inner.push("--prepared-copy".into());
            inner.push(copy.path().into());
        }
        let bwrap = kit_harness::find_program("bwrap")
            .ok_or_else(|| anyhow::anyhow!("bubblewrap disappeared from PATH"))?;
        return private_network::run_inside(&bwrap, &inner);
    }

    let runs = args.repeat.get();
    // Repeated gradings share one private copy, so that every build after
    // the first is a no-op (a copy of its own would be a new crate to cargo).
    // The harness builds each grading itself: there is no way to hand it a
    // build, and a no-op `cargo build` costs well under a second.
    let _shared_copy = match &target {
        Target::Cargo { path } if runs > 1 && options.build.source == Source::PrivateCopy => {
            let copy = PrivateCopy::make(path).map_err(anyhow::Error::msg)?;
            options.build.source = Source::CopiedBefore(copy.path().to_path_buf());
            Some(copy)
        }
        _ => None,
    };

    let Some(first) = grade_once(&exercise, &target, &options, 1, runs)? else {
        eprintln!("kit: interrupted; the service under test was stopped");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    };
    let mut tally = Tally::default();
    tally.record_report(&first.report, first.wall_time);
    let mut report = first.report;
    match Bank::embedded() {
        Ok(bank) => report.questions = kit_questions::propose(&bank, &report),
        Err(error) => eprintln!("kit: no follow-up questions: {error}"),
    }
    if let Some((file, source)) = review {
        // Checked before grading; the report's exercise and target are ours.
        if let Err(message) = review::merge(&mut report, file, &source) {
            eprintln!("kit: the review was not merged: {message}");
        }
    }

    let rendered = render(&report, &args.rendering);
    match &args.out {
        Some(out) => {
            std::fs::write(out, rendered)
                .with_context(|| format!("cannot write the report to {}", out.display()))?;
            eprintln!(
                "kit: {} scored {}/{}; report written to {}",
                target.describe(),
                report.score.points,
                report.score.max,
                out.display()
            );
        }
        None => print!("{rendered}"),
    }
    if runs == 1 && args.repeat_out.is_none() {
        return Ok(ExitCode::SUCCESS);
    }

    // The code signals were measured once, above: they time cargo, not the
    // service, and would add minutes to every grading.
    let repetition = RunOptions {
        signals: false,
        ..options.clone()
    };
    for number in 2..=runs {
        let Some(graded) = grade_once(&exercise, &target, &repetition, number, runs)? else {
            eprintln!(
                "kit: interrupted after {} of {runs} gradings; the service under test was stopped",
                number - 1
            );
            return Ok(ExitCode::from(EXIT_INTERRUPTED));
        };
        tally.record_report(&graded.report, graded.wall_time);
    }
    for line in tally.render_text().lines() {
        eprintln!("kit: {line}");
    }
    if let Some(out) = &args.repeat_out {
        std::fs::write(out, tally.to_json(exercise.name, &target.describe()))
            .with_context(|| format!("cannot write the flakiness summary to {}", out.display()))?;
        eprintln!("kit: flakiness summary written to {}", out.display());
    }
    Ok(if tally.flipped().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FLAKY)
    })
}

/// A finished grading and how long it took, build included.
struct Graded {
    report: Report,
    wall_time: Duration,
}

/// Grades once, showing its progress (numbered when it is one of `of`);
/// `None` when Ctrl-C interrupted it.
fn grade_once(
    exercise: &Exercise,
    target: &Target,
    options: &RunOptions,
    number: usize,
    of: usize,
) -> anyhow::Result<Option<Graded>> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let progress = Progress::new();
    if of > 1 {
        progress.grading(number, of);
    }
    let clock = Instant::now();
    let report = runtime.block_on(async {
        tokio::select! {
            report = kit_harness::grade(exercise, target, options, &progress) => Some(report),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    let wall_time = clock.elapsed();
    progress.finish();
    // Dropping the runtime drops the run: every service it started is killed.
    drop(runtime);
    Ok(report.map(|report| Graded { report, wall_time }))
}

fn sandbox_options(args: &GradeArgs) -> SandboxOptions {
    sandbox_options_of(&args.sandbox, args.in_private_network)
}

/// The sandbox the command line asks for.
pub(crate) fn sandbox_options_of(choice: &SandboxArgs, private_network: bool) -> SandboxOptions {
    SandboxOptions {
        mode: match choice.sandbox {
            SandboxChoice::Auto => SandboxMode::Auto,
            SandboxChoice::Require => SandboxMode::Require,
            SandboxChoice::Off => SandboxMode::Off,
        },
        service_limits: Limits {
            memory_mib: choice.memory,
            processes: choice.processes,
            file_size_mib: choice.file_size,
            cpu_seconds: choice.cpu,
        },
        build_limits: Limits::BUILD,
        private_network,
    }
}

/// Whose dependencies [`fetch`] downloads.
#[derive(Clone, Copy)]
enum Dependencies {
    Crate,
    Project(Toolchain),
}

/// Fetches the submission's dependencies (with network, no candidate code
/// runs). A failure is reported by the offline build that follows, with the
/// tool's own words; here it is only said.
fn fetch(
    path: &Path,
    dependencies: Dependencies,
    options: &RunOptions,
    sandbox: &Sandbox,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let progress = Progress::new();
    progress.phase(match dependencies {
        Dependencies::Crate => "fetching the crate's dependencies (cargo fetch, sandboxed)",
        Dependencies::Project(Toolchain::Python) => {
            "fetching the project's dependencies (pip download, wheels only, sandboxed)"
        }
        Dependencies::Project(Toolchain::Node) => {
            "fetching the project's dependencies (npm ci --ignore-scripts, sandboxed)"
        }
    });
    let fetched = runtime.block_on(async {
        let fetching = async {
            match dependencies {
                Dependencies::Crate => {
                    kit_harness::fetch_dependencies(path, &options.build, sandbox).await
                }
                Dependencies::Project(toolchain) => {
                    kit_harness::fetch_project(path, toolchain, &options.build, sandbox).await
                }
            }
        };
        tokio::select! {
            fetched = fetching => Some(fetched),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    progress.finish();
    match fetched {
        Some(Ok(())) => Ok(()),
        Some(Err(error)) => {
            eprintln!("kit: {}", error.message);
            for line in error
                .log
                .lines()
                .rev()
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                eprintln!("  | {line}");
            }
            Ok(())
        }
        None => anyhow::bail!("interrupted while fetching dependencies"),
    }
}

fn target_of(args: &GradeArgs, starter_dir: &str) -> Result<Target, String> {
    if let Some(command) = &args.cmd {
        let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
        if !dir.is_dir() {
            return Err(format!(
                "{} is not a directory (with --cmd, PATH is where the command runs)",
                dir.display()
            ));
        }
        return Ok(Target::Command {
            command: command.clone(),
            dir,
        });
    }
    let path = match &args.path {
        Some(path) => path.clone(),
        None => repo::locate(starter_dir).map(|path| relative_to_cwd(&path)).ok_or_else(|| {
            format!("cannot find {starter_dir}: run kit inside the interview-kit repository, or give a PATH")
        })?,
    };
    if !path.is_dir() {
        return Err(format!("{} is not a folder", path.display()));
    }
    match submission_kind::detect(&path) {
        Ok(Some(target)) => Ok(target),
        Ok(None) => Err(format!(
            "{} does not say how it runs: {}; add an interview-kit.toml, or use --cmd",
            path.display(),
            submission_kind::HOW_TO_SAY_HOW_IT_RUNS
        )),
        Err(why) => Err(format!("{}: {why}", path.display())),
    }
}

fn relative_to_cwd(path: &Path) -> PathBuf {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    std::env::current_dir()
        .ok()
        .and_then(|cwd| canonical.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(canonical)
}
