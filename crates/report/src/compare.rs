//! A cohort: several reports of the same exercise side by side, one row per
//! report, best total first; its text table (the page is `html/cohort.rs`).

use std::cmp::Ordering;
use std::fmt::Write as _;

use crate::bands::{Band, Bands, percent};
use crate::cohort_stats::{CohortStats, cohort_stats};
use crate::view::target_label;
use crate::{Report, RunStatus, Status};

/// One report and where it came from (its file, as given).
#[derive(Debug, Clone)]
pub struct CohortEntry {
    pub source: String,
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    pub exercise: String,
    pub exercise_title: String,
    /// `(id, title)` of each criterion column, in the exercise's order.
    pub criteria: Vec<(String, String)>,
    /// `(id, title)` of every check any report lists, in the exercise's order
    /// (for the per-check statistics, `cohort_stats`).
    pub checks: Vec<(String, String)>,
    /// Best total first.
    pub rows: Vec<CohortRow>,
    pub bands: Bands,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    /// The candidate: the target's path (or folder and command), with the
    /// report file added when two candidates would read the same.
    pub label: String,
    pub source: String,
    /// `(points, max)` per criterion column; `None` when the report lacks it.
    pub criteria: Vec<Option<(u32, u32)>>,
    /// How each check of `Cohort::checks` ended; `None` when the report lacks
    /// it (a partial run, or a report of an older suite).
    pub checks: Vec<Option<CheckOutcome>>,
    pub points: u32,
    pub max: u32,
    pub band: Option<Band>,
    /// `--only` run: not comparable with full runs.
    pub partial: bool,
    /// The submission could not be built or started.
    pub not_graded: bool,
}

/// How one check ended for one candidate: enough to count passes and to take
/// the check's points out of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOutcome {
    pub status: Status,
    pub points: u32,
    pub max: u32,
}

/// Puts reports of one exercise in a table. Refuses reports of different
/// exercises, naming the first file of each.
pub fn cohort(entries: Vec<CohortEntry>, bands: Bands) -> Result<Cohort, String> {
    let Some(first) = entries.first() else {
        return Err("no report to compare".to_owned());
    };
    if let Some(other) = entries
        .iter()
        .find(|entry| entry.report.exercise != first.report.exercise)
    {
        return Err(format!(
            "cannot compare reports of different exercises: {} is {}, {} is {}",
            first.source, first.report.exercise, other.source, other.report.exercise
        ));
    }
    let exercise = first.report.exercise.clone();
    let exercise_title = first.report.exercise_title.clone();
    let mut criteria: Vec<(String, String)> = Vec::new();
    for entry in &entries {
        for criterion in &entry.report.criteria {
            if criteria.iter().all(|(id, _)| *id != criterion.id) {
                criteria.push((criterion.id.clone(), criterion.title.clone()));
            }
        }
    }
    let checks = check_order(&entries);
    let labels = labels(&entries);
    let mut rows: Vec<CohortRow> = entries
        .into_iter()
        .zip(labels)
        .map(|(entry, label)| {
            let report = entry.report;
            CohortRow {
                label,
                source: entry.source,
                criteria: criteria
                    .iter()
                    .map(|(id, _)| {
                        report
                            .criteria
                            .iter()
                            .find(|criterion| criterion.id == *id)
                            .map(|criterion| (criterion.points, criterion.max))
                    })
                    .collect(),
                checks: checks
                    .iter()
                    .map(|(id, _)| {
                        report.check(id).map(|check| CheckOutcome {
                            status: check.status,
                            points: check.points,
                            max: check.max,
                        })
                    })
                    .collect(),
                points: report.score.points,
                max: report.score.max,
                band: bands.band(&report),
                partial: !report.only.is_empty(),
                not_graded: report.status == RunStatus::Error,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        // By share of the points available (skipped checks lower `max`), then
        // by points, then by name.
        let share = (u64::from(b.points) * u64::from(a.max.max(1)))
            .cmp(&(u64::from(a.points) * u64::from(b.max.max(1))));
        share
            .then(b.points.cmp(&a.points))
            .then_with(|| a.label.cmp(&b.label))
            .then(Ordering::Equal)
    });
    Ok(Cohort {
        exercise,
        exercise_title,
        criteria,
        checks,
        rows,
        bands,
    })
}

/// Every check id of the reports, in the exercise's order: a check first seen
/// in a later report goes right after the check its report lists before it,
/// so that a cut-down or partial report first does not push the others'
/// checks to the end.
fn check_order(entries: &[CohortEntry]) -> Vec<(String, String)> {
    let mut order: Vec<(String, String)> = Vec::new();
    for entry in entries {
        // Where this report's previous check sits in `order`.
        let mut after: Option<usize> = None;
        for check in &entry.report.checks {
            match order.iter().position(|(id, _)| *id == check.id) {
                Some(index) => after = Some(index),
                None => {
                    let index = after.map_or(0, |index| index + 1);
                    order.insert(index, (check.id.clone(), check.title.clone()));
                    after = Some(index);
                }
            }
        }
    }
    order
}

/// The target of each report; where two read the same, the report file is
/// added, then a number if even that is the same.
fn labels(entries: &[CohortEntry]) -> Vec<String> {
    let base: Vec<String> = entries
        .iter()
        .map(|entry| target_label(&entry.report.target))
        .collect();
    let with_source: Vec<String> = base
        .iter()
        .zip(entries)
        .map(|(label, entry)| {
            if base.iter().filter(|other| *other == label).count() > 1 {
                format!("{label} [{}]", entry.source)
            } else {
                label.clone()
            }
        })
        .collect();
    with_source
        .iter()
        .enumerate()
        .map(|(index, label)| {
            let same: Vec<usize> = (0..with_source.len())
                .filter(|&other| with_source[other] == *label)
                .collect();
            if same.len() > 1 {
                let nth = same.iter().position(|&other| other == index).unwrap_or(0) + 1;
                format!("{label} #{nth}")
            } else {
                label.clone()
            }
        })
        .collect()
}

pub(crate) fn band_cell(row: &CohortRow) -> String {
    if row.not_graded {
        return "not graded".to_owned();
    }
    let band = row.band.map_or("none", Band::label);
    if row.partial {
        format!("{band} (partial run)")
    } else {
        band.to_owned()
    }
}

pub(crate) fn total_cell(row: &CohortRow) -> String {
    format!(
        "{} / {} ({}%)",
        row.points,
        row.max,
        percent(row.points, row.max)
    )
}

fn criterion_cell(cell: Option<(u32, u32)>) -> String {
    cell.map_or_else(
        || "-".to_owned(),
        |(points, max)| format!("{points} / {max}"),
    )
}

pub fn render_compare_text(cohort: &Cohort) -> String {
    let mut header: Vec<String> = vec!["#".to_owned(), "Candidate".to_owned()];
    header.extend(cohort.criteria.iter().map(|(id, _)| id.clone()));
    header.extend(["Total".to_owned(), "Band".to_owned()]);
    let mut table = vec![header];
    for (index, row) in cohort.rows.iter().enumerate() {
        let mut cells = vec![(index + 1).to_string(), row.label.clone()];
        cells.extend(row.criteria.iter().map(|cell| criterion_cell(*cell)));
        cells.extend([total_cell(row), band_cell(row)]);
        table.push(cells);
    }
    let columns = table[0].len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "interview-kit cohort: {} ({}), {} report{}",
        cohort.exercise_title,
        cohort.exercise,
        cohort.rows.len(),
        if cohort.rows.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "Bands: {}\n", cohort.bands.describe());
    // Numbers right-aligned, names and bands left-aligned.
    write_table(&mut out, &table, |column| {
        column == 0 || (column >= 2 && column < columns - 1)
    });
    let _ = writeln!(out, "\nCriteria:");
    for (id, title) in &cohort.criteria {
        let _ = writeln!(out, "  {id:<12} {title}");
    }
    write_check_stats(&mut out, &cohort_stats(cohort));
    out
}

/// The second table: how each check separated the cohort (`cohort_stats`).
fn write_check_stats(out: &mut String, stats: &CohortStats) {
    let _ = writeln!(out, "\nHow each check separated the cohort");
    let mut left_out = Vec::new();
    if stats.left_out_not_graded > 0 {
        left_out.push(format!("{} not graded", stats.left_out_not_graded));
    }
    if stats.left_out_partial > 0 {
        let runs = if stats.left_out_partial == 1 {
            "run"
        } else {
            "runs"
        };
        left_out.push(format!("{} partial {runs}", stats.left_out_partial));
    }
    let _ = write!(
        out,
        "Over {} graded full run{}",
        stats.submissions,
        if stats.submissions == 1 { "" } else { "s" }
    );
    if left_out.is_empty() {
        let _ = writeln!(out, ".\n");
    } else {
        let _ = writeln!(out, "; left out: {}.\n", left_out.join(", "));
    }
    let mut table = vec![
        ["Check", "Passed", "Share", "Correlation", "Flag"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for check in &stats.checks {
        table.push(vec![
            check.id.clone(),
            format!("{} / {}", check.passed, check.graded),
            check.share_cell(),
            check.correlation_cell(),
            check
                .flag
                .map_or_else(String::new, |flag| flag.label().to_owned()),
        ]);
    }
    write_table(out, &table, |column| (1..=3).contains(&column));
    // Under 100 columns a line.
    for line in [
        "",
        "Correlation: of passing the check with the score on the other checks (point-biserial).",
        "Near 1: candidates who pass it tend to score higher on the rest; near 0: it does not",
        "tell strong from weak; below 0: weaker candidates tend to pass it. \"-\": undefined.",
        "Flagged: all passed or all failed, so it told you nothing about this cohort; inverted",
        "(-0.3 or lower over 5 runs or more): look at the check.",
    ] {
        let _ = writeln!(out, "{line}");
    }
}

/// Writes `table` (header first) with its columns aligned, two spaces in.
fn write_table(out: &mut String, table: &[Vec<String>], numeric: impl Fn(usize) -> bool) {
    let columns = table.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            table
                .iter()
                .map(|cells| cells[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for cells in table {
        let mut line = String::from(" ");
        for (column, cell) in cells.iter().enumerate() {
            let pad = widths[column] - cell.chars().count();
            if numeric(column) {
                let _ = write!(line, " {}{cell} ", " ".repeat(pad));
            } else {
                let _ = write!(line, " {cell}{} ", " ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
