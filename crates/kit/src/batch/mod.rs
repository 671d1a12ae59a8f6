//! `kit batch`: a cohort graded in one command. Each submission is graded
//! by a `kit grade` of its own (a child process: its sandbox, private
//! network, services and bounds), `--jobs` of them at once; its report and
//! renderings go to `--out/<name>/`, and the batch ends in `index.json` and
//! `cohort.html`, its report. A submission is known by the hash of its
//! content: a report made for the same content, exercise and grader is kept
//! on the next run, so an interrupted batch resumes where it stopped.

mod display;
mod index;
mod submission;
mod worker;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use kit_harness::report::{CohortEntry, cohort, cohort_json, render_compare_html};
use kit_harness::{Exercise, Report};
use tokio::sync::watch;

use crate::cli::{Audience, BatchArgs, Format, Rendering};
use display::Display;
pub use index::Outcome;
use index::{Entry, INDEX_SCHEMA, Index};
use submission::{HowToRun, Submission};

pub const INDEX_FILE: &str = "index.json";
pub const COHORT_PAGE: &str = "cohort.html";
const REPORT_FILE: &str = "report.json";

/// What a batch did.
#[derive(Debug)]
pub struct Summary {
    pub entries: Vec<Entry>,
    pub interrupted: bool,
}

impl Summary {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.outcome == outcome)
            .count()
    }
}

/// Grades the batch; `Ok(Err(message))` for a usage mistake (a missing
/// folder), `Err` when the output cannot be written.
pub fn run(exercise: &Exercise, args: &BatchArgs) -> anyhow::Result<Result<Summary, String>> {
    let submissions = match submission::discover(&args.submissions) {
        Ok(submissions) => submissions,
        Err(message) => return Ok(Err(message)),
    };
    if let Some(index) = args.index
        && index >= submissions.len()
    {
        return Ok(Err(format!(
            "--index {index}: there are {} submissions (0 to {})",
            submissions.len(),
            submissions.len().saturating_sub(1)
        )));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let summary = runtime.block_on(grade_all(exercise, &submissions, args))?;
    Ok(Ok(summary))
}

async fn grade_all(
    exercise: &Exercise,
    submissions: &[Submission],
    args: &BatchArgs,
) -> anyhow::Result<Summary> {
    let mut entries: Vec<Entry> = submissions
        .iter()
        .map(|submission| plan(exercise, submission, args))
        .collect::<anyhow::Result<_>>()?;
    let pending: Vec<usize> = (0..entries.len())
        .filter(|&index| entries[index].outcome == Outcome::Interrupted)
        .filter(|&index| args.index.is_none_or(|only| only == index))
        .collect();
    let display = Display::new(submissions.len(), pending.len());
    for (index, entry) in entries.iter().enumerate() {
        if args.index.is_some_and(|only| only != index) {
            continue;
        }
        match entry.outcome {
            Outcome::Kept => display.note(&format!(
                "{}: kept ({}/{} from an earlier run, same content)",
                entry.name,
                entry.points.unwrap_or(0),
                entry.max.unwrap_or(0)
            )),
            Outcome::NotGraded => display.note(&format!(
                "{}: not graded: {}",
                entry.name,
                entry.detail.as_deref().unwrap_or_default()
            )),
            _ => {}
        }
    }

    if pending
        .iter()
        .any(|&index| submissions[index].how == HowToRun::Cargo)
    {
        prepare_dependency_cache(exercise, args, &display).await;
    }

    let (cancel, cancelled) = watch::channel(false);
    let mut queue = pending.into_iter();
    let mut in_flight = FuturesUnordered::new();
    let mut interrupted = false;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        while !interrupted && in_flight.len() < args.jobs.get() {
            let Some(index) = queue.next() else { break };
            let submission = &submissions[index];
            let folder = args.out.join(&submission.name);
            let cancelled = cancelled.clone();
            let line = display.start(&submission.name);
            in_flight.push(async move {
                let started = Instant::now();
                let ended = match std::fs::create_dir_all(&folder) {
                    Ok(()) => {
                        worker::grade(exercise.id, submission, &folder, args, cancelled, |text| {
                            line.say(text)
                        })
                        .await
                    }
                    Err(error) => worker::Ended::Failed(format!(
                        "cannot create {}: {error}",
                        folder.display()
                    )),
                };
                (index, ended, started.elapsed(), line)
            });
        }
        if in_flight.is_empty() {
            break;
        }
        tokio::select! {
            Some((index, ended, took, line)) = in_flight.next() => {
                let entry = &mut entries[index];
                entry.duration_ms = Some(u64::try_from(took.as_millis()).unwrap_or(u64::MAX));
                settle(entry, ended, &args.out, args);
                line.done(entry);
            }
            _ = &mut ctrl_c, if !interrupted => {
                interrupted = true;
                display.note("Ctrl-C: stopping the gradings under way; what finished is kept");
                let _ = cancel.send(true);
            }
        }
    }
    display.finish();
    let entries = match args.index {
        // One worker of many: its submission alone, and the index and the
        // page are the gathering run's to write.
        Some(only) => entries.into_iter().skip(only).take(1).collect(),
        None => {
            write_index(exercise, &entries, args)?;
            entries
        }
    };
    Ok(Summary {
        entries,
        interrupted,
    })
}

/// Compiles the exercise's dependencies once per machine, so that each
/// cargo crate's first build compiles only the candidate's crate
/// ([`crate::dependency_cache`]). Without it they build from scratch.
async fn prepare_dependency_cache(exercise: &Exercise, args: &BatchArgs, display: &Display) {
    if crate::dependency_cache::ready(exercise) {
        return;
    }
    let sandbox = match kit_harness::Sandbox::resolve(&crate::commands::sandbox_options_of(
        &args.sandbox,
        false,
    )) {
        Ok(sandbox) => sandbox,
        Err(message) => {
            display.note(&format!("no dependency cache: {message}"));
            return;
        }
    };
    display.note(
        "compiling the exercise's dependencies once for every cargo crate (a release build of its starter; minutes, once per machine)",
    );
    let options = kit_harness::BuildOptions {
        timeout: std::time::Duration::from_secs(args.build_timeout),
        ..kit_harness::BuildOptions::default()
    };
    if let Err(message) = crate::dependency_cache::ensure(exercise, &sandbox, &options).await {
        display.note(&format!(
            "no dependency cache ({message}): each crate builds from scratch"
        ));
    }
}

/// What to do with `submission`: keep a valid report, refuse one that
/// cannot run, or grade it (`Interrupted` until it is).
fn plan(exercise: &Exercise, submission: &Submission, args: &BatchArgs) -> anyhow::Result<Entry> {
    let hash = kit_harness::content_hash::content_hash(&submission.dir).ok();
    let mut entry = Entry {
        name: submission.name.clone(),
        path: submission.dir.display().to_string(),
        hash: hash.clone(),
        outcome: Outcome::Interrupted,
        detail: None,
        report: None,
        points: None,
        max: None,
        duration_ms: None,
    };
    if let HowToRun::Unknown(why) = &submission.how {
        entry.outcome = Outcome::NotGraded;
        entry.detail = Some(why.clone());
        return Ok(entry);
    }
    let folder = args.out.join(&submission.name);
    if !args.force
        && let Some(report) = valid_report(&folder.join(REPORT_FILE), exercise, hash.as_deref())
    {
        render_missing(&report, &folder, args)?;
        entry.outcome = Outcome::Kept;
        entry.report = Some(format!("{}/{REPORT_FILE}", submission.name));
        entry.points = Some(report.score.points);
        entry.max = Some(report.score.max);
    }
    Ok(entry)
}

/// The report in `path` when it was made for this content (`hash`), this
/// exercise, this grader and this kit.
fn valid_report(path: &Path, exercise: &Exercise, hash: Option<&str>) -> Option<Report> {
    let hash = hash?;
    let report = Report::from_json(&std::fs::read_to_string(path).ok()?).ok()?;
    (report.exercise == exercise.name
        && report.submission_hash.as_deref() == Some(hash)
        && report.grader_version.as_deref() == Some(exercise.grader_version().as_str())
        && report.kit_version == env!("CARGO_PKG_VERSION"))
    .then_some(report)
}

/// Moves a finished grading's report into place and renders it.
fn settle(entry: &mut Entry, ended: worker::Ended, out: &Path, args: &BatchArgs) {
    let folder = out.join(&entry.name);
    match ended {
        worker::Ended::Reported => {
            let partial = folder.join(worker::PARTIAL_REPORT);
            let report = std::fs::read_to_string(&partial)
                .map_err(|error| error.to_string())
                .and_then(|text| Report::from_json(&text));
            match report {
                Ok(report) => {
                    if let Err(error) = std::fs::rename(&partial, folder.join(REPORT_FILE))
                        .map_err(anyhow::Error::from)
                        .and_then(|()| render(&report, &folder, args, true))
                    {
                        entry.outcome = Outcome::NotGraded;
                        entry.detail = Some(format!("{error:#}"));
                        return;
                    }
                    entry.outcome = Outcome::Graded;
                    entry.report = Some(format!("{}/{REPORT_FILE}", entry.name));
                    entry.points = Some(report.score.points);
                    entry.max = Some(report.score.max);
                    if let Some(error) = &report.error {
                        entry.detail = Some(error.clone());
                    }
                }
                Err(why) => {
                    entry.outcome = Outcome::NotGraded;
                    entry.detail = Some(format!("its report cannot be read: {why}"));
                }
            }
        }
        worker::Ended::Failed(why) => {
            entry.outcome = Outcome::NotGraded;
            entry.detail = Some(format!("{why} (see {}/{})", entry.name, worker::LOG_FILE));
        }
        worker::Ended::Interrupted => {
            let _ = std::fs::remove_file(folder.join(worker::PARTIAL_REPORT));
            entry.outcome = Outcome::Interrupted;
        }
    }
}

/// The report's renderings for the interviewer, one file per `--format`.
fn render(report: &Report, folder: &Path, args: &BatchArgs, replace: bool) -> anyhow::Result<()> {
    for format in &args.formats {
        let path = folder.join(rendering_file(*format));
        if *format == Format::Json || (!replace && path.exists()) {
            continue;
        }
        let rendering = Rendering {
            format: *format,
            audience: Audience::Interviewer,
            bands: args.bands,
        };
        std::fs::write(&path, crate::commands::render(report, &rendering))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn render_missing(report: &Report, folder: &Path, args: &BatchArgs) -> anyhow::Result<()> {
    render(report, folder, args, false)
}

fn rendering_file(format: Format) -> &'static str {
    match format {
        Format::Text => "report.txt",
        Format::Json => REPORT_FILE,
        Format::Md => "report.md",
        Format::Html => "report.html",
        Format::Junit => "report.junit.xml",
    }
}

/// `index.json` and `cohort.html` from every report the batch has.
fn write_index(exercise: &Exercise, entries: &[Entry], args: &BatchArgs) -> anyhow::Result<()> {
    let reports: Vec<CohortEntry> = entries
        .iter()
        .filter_map(|entry| {
            let relative = entry.report.as_ref()?;
            let text = std::fs::read_to_string(args.out.join(relative)).ok()?;
            Some(CohortEntry {
                source: relative.clone(),
                report: Report::from_json(&text).ok()?,
            })
        })
        .collect();
    let cohort = (!reports.is_empty())
        .then(|| cohort(reports, args.bands))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if let Some(cohort) = &cohort {
        write_atomically(&args.out.join(COHORT_PAGE), &render_compare_html(cohort))?;
    }
    let index = Index {
        schema: INDEX_SCHEMA,
        exercise: exercise.name,
        kit_version: env!("CARGO_PKG_VERSION"),
        grader_version: exercise.grader_version(),
        submissions: entries,
        cohort: cohort.as_ref().map(cohort_json),
    };
    let text = serde_json::to_string_pretty(&index).context("cannot write the index")? + "\n";
    write_atomically(&args.out.join(INDEX_FILE), &text)
}

/// Written beside, then renamed: a reader never sees half a file.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut partial = PathBuf::from(path);
    partial.as_mut_os_string().push(".partial");
    std::fs::write(&partial, text).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}
