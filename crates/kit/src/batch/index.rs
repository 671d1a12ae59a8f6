//! `index.json` of a batch: every submission, its content hash, what became
//! of it and its score, with the cohort's ranking and statistics
//! (`interview-kit/cohort/v1`) for programs that read a whole round.

use serde::{Deserialize, Serialize};

pub const INDEX_SCHEMA: &str = "interview-kit/batch/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Graded by this run.
    Graded,
    /// Its report, made by an earlier run for the same content, exercise
    /// and grader, was kept.
    Kept,
    /// No report: it says neither how it runs nor could `kit grade` make
    /// one (`detail` says why).
    NotGraded,
    /// Ctrl-C came first; the next run grades it.
    Interrupted,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Its folder under `--out`.
    pub name: String,
    /// The submission's folder, as found.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The report, relative to `--out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Wall time of this run's grading (absent when kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct Index<'a> {
    pub schema: &'static str,
    pub exercise: &'a str,
    pub kit_version: &'static str,
    pub grader_version: String,
    pub submissions: &'a [Entry],
    /// `kit compare --format json` of every report: absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort: Option<serde_json::Value>,
}
