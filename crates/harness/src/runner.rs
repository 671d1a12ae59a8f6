//! A grading run: prepare the target, start the service, run the selected
//! checks (`check_run.rs`: several at a time, each bounded, the service
//! restarted when it dies), measure the code signals and assemble the report.
//! It never stops at the first failure and always returns a report.

use std::time::{Duration, Instant};

use chrono::Utc;

use crate::build_options::BuildOptions;
use crate::check::Check;
use crate::check_run::{check_result, millis, run_checks};
use crate::code_signals::{self, SignalOptions};
use crate::evidence::EvidenceLog;
use crate::exercise::Exercise;
use crate::instance::{Instance, Launcher, Overrides, READINESS_TIMEOUT};
use crate::observer::{Event, Observer};
use crate::outcome::{Failure, Status};
use crate::preparation::Preparation;
use crate::report::{
    BuildInfo, CheckResult, CriterionScore, Report, ReviewEntry, RunStatus, SCHEMA, Score,
    ServiceInfo,
};
use crate::sandbox::{Sandbox, SandboxOptions};
use crate::target::Target;

pub const DEFAULT_RUN_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// Checks in flight at once by default. A check mostly waits for the
/// service (its answers, a rate window, a token's expiry), so more checks
/// than cores keep the service busy; past 8 a run of Q1-Q3 gains nothing
/// (docs/performance.md). The report does not depend on it: the graders'
/// reference tests and corpora compare runs under 1 and this.
pub const DEFAULT_JOBS: usize = 8;

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Check ids or id prefixes to run (with their prerequisites); empty: all.
    pub only: Vec<String>,
    /// Bound on the checks phase (build and first start excluded).
    pub run_timeout: Duration,
    /// How long a starting service has to answer `GET /health` (contract: 20 s).
    pub readiness_timeout: Duration,
    pub build: BuildOptions,
    /// How candidate code is confined (builds and services alike).
    pub sandbox: SandboxOptions,
    /// Measure a cargo crate's code signals (fmt, clippy, its tests) once
    /// the checks are over; part of the run's duration.
    pub signals: bool,
    /// Checks in flight at once (1: one after another). The report is the
    /// same whatever the number.
    pub jobs: usize,
    /// Where each service instance gets its working directory (its
    /// database, its outbox); the system's temporary folder when `None`.
    /// Best on a tmpfs, where a service's `fsync`s cost nothing: `kit grade`
    /// grades with `TMPDIR` on a tmpfs of its own, the graders' tests in
    /// `/dev/shm` ([`crate::testing::test_run_options`]).
    pub work_root: Option<std::path::PathBuf>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            only: Vec::new(),
            run_timeout: DEFAULT_RUN_TIMEOUT,
            readiness_timeout: READINESS_TIMEOUT,
            build: BuildOptions::default(),
            sandbox: SandboxOptions::default(),
            signals: false,
            jobs: DEFAULT_JOBS,
            work_root: None,
        }
    }
}

/// The checks `only` selects, in suite order, with their prerequisites.
/// Errors name the selectors that match nothing.
pub fn select<'e>(exercise: &'e Exercise, only: &[String]) -> Result<Vec<&'e Check>, String> {
    if only.is_empty() {
        return Ok(exercise.checks.iter().collect());
    }
    let matches =
        |selector: &str, id: &str| id == selector || id.starts_with(&format!("{selector}."));
    let unknown: Vec<&str> = only
        .iter()
        .map(String::as_str)
        .filter(|selector| {
            !exercise
                .checks
                .iter()
                .any(|check| matches(selector, check.id))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "no check of {} matches {}; `cargo kit list {}` shows the check ids",
            exercise.id,
            unknown
                .iter()
                .map(|selector| format!("`{selector}`"))
                .collect::<Vec<_>>()
                .join(", "),
            exercise.id
        ));
    }
    let mut wanted: Vec<&str> = exercise
        .checks
        .iter()
        .filter(|check| only.iter().any(|selector| matches(selector, check.id)))
        .map(|check| check.id)
        .collect();
    // Prerequisites come earlier in the suite, so one backward pass closes the set.
    for check in exercise.checks.iter().rev() {
        if wanted.contains(&check.id) {
            wanted.extend(check.requires.iter().copied());
        }
    }
    Ok(exercise
        .checks
        .iter()
        .filter(|check| wanted.contains(&check.id))
        .collect())
}

pub async fn grade(
    exercise: &Exercise,
    target: &Target,
    options: &RunOptions,
    observer: &dyn Observer,
) -> Report {
    let started_at = Utc::now();
    let clock = Instant::now();
    let selected = match select(exercise, &options.only) {
        Ok(selected) => selected,
        Err(message) => {
            return not_run_report(
                exercise,
                target,
                options,
                started_at,
                clock,
                &exercise.checks.iter().collect::<Vec<_>>(),
                message,
                None,
            );
        }
    };

    let sandbox = match Sandbox::resolve(&options.sandbox) {
        Ok(sandbox) => sandbox,
        Err(message) => {
            return not_run_report(
                exercise, target, options, started_at, clock, &selected, message, None,
            );
        }
    };
    let preparation = match Preparation::new(target, &options.build) {
        Ok(preparation) => preparation,
        Err(error) => {
            return not_run_report(
                exercise,
                target,
                options,
                started_at,
                clock,
                &selected,
                error.message,
                None,
            );
        }
    };
    let mut report = build_and_check(
        exercise,
        target,
        &preparation,
        options,
        &selected,
        &sandbox,
        observer,
        started_at,
        clock,
    )
    .await;
    report.sandbox = Some(sandbox.info());
    if options.signals {
        // Also when the build or the start failed: the code can still be read.
        measure_signals(&mut report, &preparation, options, &sandbox, observer).await;
        report.duration_ms = millis(clock.elapsed());
    }
    report
}

/// The run once the checks are chosen and the sandbox known: build, start,
/// check, stop.
#[allow(clippy::too_many_arguments)]
async fn build_and_check(
    exercise: &Exercise,
    target: &Target,
    preparation: &Preparation,
    options: &RunOptions,
    selected: &[&Check],
    sandbox: &Sandbox,
    observer: &dyn Observer,
    started_at: chrono::DateTime<Utc>,
    clock: Instant,
) -> Report {
    observer.on_event(&Event::Building { target });
    let prepared = match preparation.build(&options.build, sandbox).await {
        Ok(prepared) => prepared,
        Err(error) => {
            let build = BuildInfo {
                duration_ms: millis(clock.elapsed()),
                log_tail: error.log.clone(),
            };
            return not_run_report(
                exercise,
                target,
                options,
                started_at,
                clock,
                selected,
                format!("the submission did not build: {}", error.message),
                Some(build),
            );
        }
    };
    observer.on_event(&Event::Built {
        duration: prepared.build_duration,
    });
    let build =
        (!prepared.build_log.is_empty() || matches!(target, Target::Cargo { .. })).then(|| {
            BuildInfo {
                duration_ms: millis(prepared.build_duration),
                log_tail: prepared.build_log.clone(),
            }
        });

    observer.on_event(&Event::Starting);
    let launcher = Launcher {
        readiness_timeout: options.readiness_timeout,
        work_root: options.work_root.clone(),
        ..Launcher::new(
            prepared.launch.clone(),
            exercise.service.clone(),
            sandbox.clone(),
        )
    };
    let main = match Instance::start(&launcher, &Overrides::new()).await {
        Ok(main) => main,
        Err(error) => {
            let mut report = not_run_report(
                exercise,
                target,
                options,
                started_at,
                clock,
                selected,
                format!("the service did not start: {error}"),
                build,
            );
            report.service = Some(ServiceInfo {
                startup_ms: 0,
                starts: 1,
                output_bytes: error.output().len() as u64,
                output_tail: error.output().to_owned(),
            });
            return report;
        }
    };
    let first_startup = main.startup();
    observer.on_event(&Event::Started {
        startup: first_startup,
    });

    let deadline = Instant::now() + options.run_timeout;
    observer.on_event(&Event::Checking {
        total: selected.len(),
        jobs: options.jobs,
    });
    let results = run_checks(selected, &main, &launcher, deadline, options.jobs, observer).await;
    main.stop().await;

    let service = ServiceInfo {
        startup_ms: millis(first_startup),
        starts: main.starts(),
        output_bytes: main.output().total_bytes(),
        output_tail: main.output().text(),
    };
    let mut report = assemble_report(exercise, target, options, started_at, clock, results, build);
    report.service = Some(service);
    report
}

/// The code signals of the crate the service is built from, after the
/// checks (their compiles would skew the timing checks), counted in the
/// run's duration.
async fn measure_signals(
    report: &mut Report,
    preparation: &Preparation,
    options: &RunOptions,
    sandbox: &Sandbox,
    observer: &dyn Observer,
) {
    let Some(crate_dir) = preparation.crate_dir() else {
        return;
    };
    let signal_options = SignalOptions {
        target_dir: options.build.target_dir.clone(),
        cargo_home: options.build.cargo_home.clone(),
        timeout: options.build.timeout,
        sandbox: sandbox.clone(),
    };
    let on_step = |step: &str| observer.on_event(&Event::MeasuringSignals { step });
    let mut signals = code_signals::measure(&crate_dir, &signal_options, &on_step).await;
    for note in &mut signals.notes {
        *note = preparation.in_original_terms(note);
    }
    report.signals = Some(signals);
}

fn owned(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| (*text).to_owned()).collect()
}

/// The report of the checks that ran.
fn assemble_report(
    exercise: &Exercise,
    target: &Target,
    options: &RunOptions,
    started_at: chrono::DateTime<Utc>,
    clock: Instant,
    checks: Vec<CheckResult>,
    build: Option<BuildInfo>,
) -> Report {
    // A skipped check (e.g. no Redis on this machine) counts neither way.
    let counted = |check: &&CheckResult| check.status != Status::Skipped;
    let criteria = exercise
        .criteria
        .iter()
        .filter(|criterion| checks.iter().any(|check| check.criterion == criterion.id))
        .map(|criterion| {
            let of_criterion = checks
                .iter()
                .filter(|check| check.criterion == criterion.id)
                .filter(counted);
            CriterionScore {
                id: criterion.id.to_owned(),
                title: criterion.title.to_owned(),
                points: of_criterion.clone().map(|check| check.points).sum(),
                max: of_criterion.map(|check| check.max).sum(),
            }
        })
        .collect();
    let score = Score {
        points: checks
            .iter()
            .filter(counted)
            .map(|check| check.points)
            .sum(),
        max: checks.iter().filter(counted).map(|check| check.max).sum(),
    };
    Report {
        schema: SCHEMA.to_owned(),
        exercise: exercise.name.to_owned(),
        exercise_title: exercise.title.to_owned(),
        target: target.clone(),
        kit_version: env!("CARGO_PKG_VERSION").to_owned(),
        grader_version: Some(exercise.grader_version()),
        submission_hash: crate::content_hash::content_hash(submission_folder(target)).ok(),
        started_at,
        duration_ms: millis(clock.elapsed()),
        status: RunStatus::Completed,
        error: None,
        only: options.only.clone(),
        score,
        criteria,
        checks,
        review: exercise
            .review
            .iter()
            .map(|item| ReviewEntry {
                id: item.id.to_owned(),
                title: item.title.to_owned(),
                look_for: owned(item.look_for),
                levels: owned(&item.levels),
            })
            .collect(),
        build,
        service: None,
        sandbox: None,
        signals: None,
        questions: Vec::new(),
        manual_review: None,
    }
}

/// The folder that holds the submission: the crate, or where the command
/// runs.
fn submission_folder(target: &Target) -> &std::path::Path {
    target.folder()
}

/// A report for a run whose checks could not run at all: every selected
/// check is `error`, and `error` says why.
#[allow(clippy::too_many_arguments)]
fn not_run_report(
    exercise: &Exercise,
    target: &Target,
    options: &RunOptions,
    started_at: chrono::DateTime<Utc>,
    clock: Instant,
    selected: &[&Check],
    reason: String,
    build: Option<BuildInfo>,
) -> Report {
    let now = Instant::now();
    let checks = selected
        .iter()
        .map(|check| {
            check_result(
                check,
                Err(Failure::error(format!("not run: {reason}"))),
                &EvidenceLog::default(),
                now,
            )
        })
        .collect();
    let mut report = assemble_report(exercise, target, options, started_at, clock, checks, build);
    report.status = RunStatus::Error;
    report.error = Some(reason);
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{DEFAULT_CHECK_TIMEOUT, Kind};
    use crate::exercise::Criterion;
    use crate::service_spec::ServiceSpec;

    async fn passes(_cx: crate::Ctx) -> crate::Outcome {
        Ok(String::new())
    }

    fn check(id: &'static str, requires: &'static [&'static str]) -> Check {
        Check {
            id,
            title: id,
            criterion: "c",
            kind: Kind::Core,
            points: 25,
            requires,
            timeout: DEFAULT_CHECK_TIMEOUT,
            alone: false,
            waits: false,
            run: |cx| Box::pin(passes(cx)),
        }
    }

    fn exercise() -> Exercise {
        Exercise {
            id: "x",
            name: "x-test",
            title: "Test",
            starter_dir: "",
            solution_dir: "",
            criteria: &[Criterion {
                id: "c",
                title: "C",
            }],
            review: &[],
            service: ServiceSpec {
                files: &[],
                env: &[],
                output_cap: 1024,
            },
            checks: vec![
                check("x.create.ok", &[]),
                check("x.update.ok", &["x.create.ok"]),
                check("x.update.unknown", &["x.update.ok"]),
                check("x.list.ok", &[]),
            ],
        }
    }

    fn selected(only: &[&str]) -> Result<Vec<&'static str>, String> {
        let exercise = exercise();
        let only: Vec<String> = only.iter().map(|selector| (*selector).to_owned()).collect();
        select(&exercise, &only).map(|checks| checks.iter().map(|check| check.id).collect())
    }

    #[test]
    fn nothing_selected_means_every_check() {
        assert_eq!(
            selected(&[]),
            Ok(vec![
                "x.create.ok",
                "x.update.ok",
                "x.update.unknown",
                "x.list.ok"
            ])
        );
    }

    #[test]
    fn a_check_brings_its_prerequisites_transitively() {
        assert_eq!(
            selected(&["x.update.unknown"]),
            Ok(vec!["x.create.ok", "x.update.ok", "x.update.unknown"])
        );
    }

    #[test]
    fn a_prefix_selects_a_whole_area_but_not_a_partial_word() {
        assert_eq!(selected(&["x.list"]), Ok(vec!["x.list.ok"]));
        assert!(selected(&["x.lis"]).is_err());
    }

    #[test]
    fn unknown_selectors_are_named() {
        assert_eq!(
            selected(&["x.nope", "x.list"]),
            Err(
                "no check of x matches `x.nope`; `cargo kit list x` shows the check ids".to_owned()
            )
        );
    }

    #[test]
    fn a_well_formed_suite_has_no_lint_problems_and_a_broken_one_has_them() {
        assert_eq!(exercise().lint(), Vec::<String>::new());
        let mut broken = exercise();
        broken.checks.swap(0, 1);
        broken.checks.push(check("y.other", &[]));
        assert_eq!(
            broken.lint(),
            vec![
                "check `x.update.ok` requires `x.create.ok`, which is not an earlier check"
                    .to_owned(),
                "check id `y.other` does not start with `x.`".to_owned(),
                "points add up to 125, not 100".to_owned(),
            ]
        );
    }
}
