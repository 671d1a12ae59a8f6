//! A cohort for programs (schema `interview-kit/cohort/v1`, documented in
//! `docs/report-format.md`): the ranking and the per-check statistics, as
//! `kit compare --format json` writes them. Dedicated output structs, so that
//! the internal `Cohort` can change without changing the format.

use serde::Serialize;

use crate::Band;
use crate::cohort_stats::{CheckStats, cohort_stats};
use crate::compare::{Cohort, CohortRow};

pub const COHORT_SCHEMA: &str = "interview-kit/cohort/v1";

#[derive(Debug, Serialize)]
struct CohortJson<'a> {
    schema: &'static str,
    exercise: &'a str,
    exercise_title: &'a str,
    bands: BandsJson,
    /// Best first, as in the table.
    rows: Vec<RowJson<'a>>,
    statistics: StatisticsJson,
}

#[derive(Debug, Serialize)]
struct BandsJson {
    strong: u32,
    meets: u32,
}

#[derive(Debug, Serialize)]
struct RowJson<'a> {
    rank: usize,
    label: &'a str,
    /// The report file, as given on the command line.
    source: &'a str,
    points: u32,
    max: u32,
    /// `strong`, `meets`, `below`; null when nothing was available.
    band: Option<&'static str>,
    partial: bool,
    not_graded: bool,
}

#[derive(Debug, Serialize)]
struct StatisticsJson {
    submissions: usize,
    left_out_not_graded: usize,
    left_out_partial: usize,
    checks: Vec<CheckJson>,
}

#[derive(Debug, Serialize)]
struct CheckJson {
    id: String,
    title: String,
    graded: usize,
    passed: usize,
    /// 0 to 1; null when no counted submission ran the check.
    share: Option<f64>,
    /// -1 to 1; null when undefined (see `CheckStats::correlation`).
    correlation: Option<f64>,
    /// `all_pass`, `all_fail`, `inverted`, or null.
    flag: Option<&'static str>,
}

fn row_json(rank: usize, row: &CohortRow) -> RowJson<'_> {
    RowJson {
        rank,
        label: &row.label,
        source: &row.source,
        points: row.points,
        max: row.max,
        band: row.band.map(Band::token),
        partial: row.partial,
        not_graded: row.not_graded,
    }
}

fn check_json(check: CheckStats) -> CheckJson {
    CheckJson {
        share: check.share(),
        flag: check.flag.map(|flag| flag.token()),
        id: check.id,
        title: check.title,
        graded: check.graded,
        passed: check.passed,
        correlation: check.correlation,
    }
}

/// The cohort as one JSON object: what `kit compare --format json` writes,
/// and what a batch grading writes as its index.
pub fn cohort_json(cohort: &Cohort) -> serde_json::Value {
    let stats = cohort_stats(cohort);
    let json = CohortJson {
        schema: COHORT_SCHEMA,
        exercise: &cohort.exercise,
        exercise_title: &cohort.exercise_title,
        bands: BandsJson {
            strong: cohort.bands.strong,
            meets: cohort.bands.meets,
        },
        rows: cohort
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| row_json(index + 1, row))
            .collect(),
        statistics: StatisticsJson {
            submissions: stats.submissions,
            left_out_not_graded: stats.left_out_not_graded,
            left_out_partial: stats.left_out_partial,
            checks: stats.checks.into_iter().map(check_json).collect(),
        },
    };
    // Plain data with finite numbers (the statistics are never NaN): cannot fail.
    serde_json::to_value(json).unwrap_or_default()
}

/// [`cohort_json`], pretty-printed, with a final newline.
pub fn render_compare_json(cohort: &Cohort) -> String {
    let mut text = serde_json::to_string_pretty(&cohort_json(cohort)).unwrap_or_default();
    text.push('\n');
    text
}
