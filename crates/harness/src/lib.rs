//! The interview-kit grading harness.
//!
//! It builds a submission (a cargo crate, or any command), runs it as a
//! black-box HTTP service per the common contract, runs an exercise's checks
//! against it and produces a [`Report`]. It knows nothing about any particular
//! exercise: graders describe theirs as an [`Exercise`].
//!
//! The harness never prints: progress goes to an [`Observer`], results into
//! the report, and only the `kit` CLI talks to the terminal.

mod build_options;
mod cargo_build;
mod check;
mod check_run;
pub mod code_signals;
pub mod content_hash;
mod context;
pub mod crate_copy;
mod evidence;
mod exercise;
mod fetch_record;
mod http;
mod idle_gate;
mod instance;
pub mod json;
mod launch;
mod observer;
mod outcome;
mod output_tail;
mod preparation;
mod process_group;
mod project_build;
mod raw_http;
mod runner;
pub mod safe_read;
pub mod sandbox;
mod sandboxed_cargo;
mod schedule;
mod service_spec;
mod shelf;
mod shell_word;
mod sidecar;
pub mod sqlite;
pub mod submission_kind;
mod target;
pub mod testing;

pub use build_options::{BuildOptions, Source, own_crates_target_dir};
pub use cargo_build::{BuildError, Built, build as build_crate, fetch_dependencies};
pub use check::{Check, CheckFn, CheckFuture, DEFAULT_CHECK_TIMEOUT, Kind};
pub use check_run::earlier_attempts;
pub use context::Ctx;
pub use crate_copy::PrivateCopy;
pub use evidence::{Body, Exchange, Expectation};
pub use exercise::{Criterion, Exercise, REVIEW_LEVEL_NAMES, REVIEW_LEVELS, ReviewItem};
pub use http::{DEFAULT_REQUEST_TIMEOUT, Http, Reply, Request, query};
pub use instance::{
    Instance, Launcher, Overrides, PASSED_THROUGH_ENV, READINESS_TIMEOUT, ServiceFiles, StartError,
};
/// The report model and its renderings live in `kit-report`; `report` is
/// kept as a path so that `kit_harness::report::...` goes on working.
pub use kit_report::{self as report, Report, RunStatus};
pub use launch::Launch;
pub use observer::{Event, Observer, Quiet};
pub use outcome::{Failure, Outcome, Status};
pub use output_tail::DEFAULT_OUTPUT_CAP;
pub use preparation::{Preparation, Prepared};
pub use process_group::Exit;
pub use project_build::{BuiltProject, build_project, fetch_project};
pub use runner::{DEFAULT_JOBS, DEFAULT_RUN_TIMEOUT, RunOptions, grade, select};
pub use sandbox::{Limits, Sandbox, SandboxInfo, SandboxMode, SandboxOptions};
pub use sandboxed_cargo::default_cargo_home;
pub use service_spec::{FileKind, ServiceFile, ServiceSpec};
pub use shell_word::shell_word;
pub use sidecar::{Sidecar, find_program};
pub use target::{Target, Toolchain};

/// Re-exported so graders name the same types the harness uses.
pub use reqwest::Method;
pub use serde_json::{Value, json};
