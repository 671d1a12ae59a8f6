//! The score report: the data model (schema `interview-kit/report/v1`,
//! documented in `docs/report-format.md`), the plain data it holds (statuses,
//! evidence, code signals, the sandbox, the target) and its renderings.
//!
//! Pure data and pure functions: no HTTP client, no SQLite, no runtime. The
//! grading harness produces a [`Report`]; the CLI, the question bank and any
//! other reader need only this crate.

mod bands;
mod candidate_text;
pub mod code_signals;
mod cohort_json;
mod cohort_stats;
mod compare;
mod debrief;
mod escape;
pub mod evidence;
mod html;
mod junit;
mod kind;
mod markdown;
pub mod sandbox;
mod status;
mod target;
mod text;
mod view;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use bands::{Audience, Band, Bands, DEFAULT_MEETS, DEFAULT_STRONG, percent};
pub use candidate_text::render_candidate_text;
pub use code_signals::{CodeSignals, SourceHits, TestCounts};
pub use cohort_json::{COHORT_SCHEMA, cohort_json, render_compare_json};
pub use cohort_stats::{CheckFlag, CheckStats, CohortStats, cohort_stats};
pub use compare::{CheckOutcome, Cohort, CohortEntry, CohortRow, cohort, render_compare_text};
pub use debrief::{ManualReview, ProposedQuestion, ReviewedCriterion};
pub use evidence::{Body, Exchange, Expectation};
pub use html::{render_compare_html, render_html};
pub use junit::render_junit;
pub use kind::Kind;
pub use markdown::render_markdown;
pub use sandbox::{Limits, SandboxInfo};
pub use status::Status;
pub use target::{Target, Toolchain};
pub use text::render_text;
pub use view::RenderOptions;

/// The text report for `options.audience` (bands do not appear in text).
pub fn render_text_for(report: &Report, options: &RenderOptions) -> String {
    match options.audience {
        Audience::Interviewer => render_text(report),
        Audience::Candidate => render_candidate_text(report),
    }
}

pub const SCHEMA: &str = "interview-kit/report/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    /// Long exercise name (`q1-products`).
    pub exercise: String,
    pub exercise_title: String,
    pub target: Target,
    pub kit_version: String,
    /// The grader's version: its exercise and a fingerprint of its check
    /// table (ids, points, kinds, prerequisites), which changes whenever a
    /// check is added, removed or reweighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grader_version: Option<String>,
    /// SHA-256 of the submission's files (`kit_harness::content_hash`): the
    /// same content has the same hash in any folder, so a cohort run can
    /// keep a report made for it (`kit batch`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_hash: Option<String>,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// `completed` when the checks ran (whatever the score); `error` when the
    /// submission could not be built or started, with the reason in `error`.
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Check ids or prefixes given with `--only`; empty for a full run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<String>,
    pub score: Score,
    pub criteria: Vec<CriterionScore>,
    pub checks: Vec<CheckResult>,
    /// Criteria no program can score, for the interviewer.
    pub review: Vec<ReviewEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceInfo>,
    /// How the submission's code was confined (docs/security.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<SandboxInfo>,
    /// Automatic code signals of a cargo crate (fmt, clippy, the
    /// candidate's tests, unwraps, unsafe): shown, never scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<CodeSignals>,
    /// Follow-up questions for the debrief, chosen from the results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<ProposedQuestion>,
    /// The interviewer's review of the `review` criteria, when merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_review: Option<ManualReview>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Completed,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub points: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    pub id: String,
    pub title: String,
    pub points: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    pub criterion: String,
    pub kind: Kind,
    pub status: Status,
    pub points: u32,
    pub max: u32,
    /// Why it passed or what went wrong, in one or two sentences.
    pub message: String,
    pub evidence: Vec<Exchange>,
    /// Exchanges recorded but left out of `evidence` to keep the report short.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub evidence_omitted: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For a `blocked` check: the ids of the checks it needed that did not pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEntry {
    /// Key of the criterion in review files (`organisation`); empty in
    /// reports written before review files existed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub title: String,
    pub look_for: Vec<String>,
    /// The rubric's anchors, level 1 first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildInfo {
    pub duration_ms: u64,
    /// The tail of the compiler's output (errors on a failed build).
    pub log_tail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Spawn to first `200` on `/health`, first start.
    pub startup_ms: u64,
    /// Starts of the main instance: 1, plus restarts (persistence checks,
    /// recoveries after a crash).
    pub starts: u32,
    /// Bytes the main instance printed in all (stdout and stderr).
    pub output_bytes: u64,
    /// Its last 64 KiB of output.
    pub output_tail: String,
}

fn is_zero(value: &usize) -> bool {
    *value == 0
}

impl Report {
    pub fn to_json(&self) -> String {
        // Serializing plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a report saved with `--format json`. Refuses anything that is
    /// not a `v1` report, saying what it is instead.
    pub fn from_json(text: &str) -> Result<Report, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| format!("not JSON ({error})"))?;
        match value.get("schema").and_then(serde_json::Value::as_str) {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(format!(
                    "its schema is `{other}`; this kit reads `{SCHEMA}`"
                ));
            }
            None => {
                return Err(format!(
                    "not an interview-kit report (no `schema`: `{SCHEMA}`)"
                ));
            }
        }
        serde_json::from_value(value)
            .map_err(|error| format!("a malformed {SCHEMA} report ({error})"))
    }

    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|check| check.id == id)
    }

    /// Ids of checks with the given status, in report order.
    pub fn ids_with_status(&self, status: Status) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|check| check.status == status)
            .map(|check| check.id.as_str())
            .collect()
    }

    /// Ids of checks that earned no points (anything but `pass` and `skipped`).
    pub fn lost(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|check| !matches!(check.status, Status::Pass | Status::Skipped))
            .map(|check| check.id.as_str())
            .collect()
    }
}
