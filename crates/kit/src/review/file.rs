//! Reading a filled-in review file back: parsed into the report's
//! `ManualReview`, refusing anything that would put a wrong review in a
//! report (another exercise, another submission, a level off the rubric).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kit_harness::report::{ManualReview, ReviewedCriterion};
use kit_harness::{Exercise, REVIEW_LEVEL_NAMES, REVIEW_LEVELS, Report, Target};
use serde::Deserialize;

pub const SCHEMA: &str = "interview-kit/review/v1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    schema: String,
    exercise: String,
    submission: Option<String>,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    criteria: BTreeMap<String, RawCriterion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    #[serde(default)]
    level: i64,
    #[serde(default)]
    notes: String,
}

/// A review file, checked against its exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFile {
    /// Long exercise name (`q1-products`).
    pub exercise: String,
    pub submission: Option<PathBuf>,
    pub review: ManualReview,
}

/// Parses the review file `text` (`source` names it in errors) for `exercise`.
pub fn parse(text: &str, source: &str, exercise: &Exercise) -> Result<ReviewFile, String> {
    let raw: RawReview =
        toml::from_str(text).map_err(|error| format!("{source} is not a review file: {error}"))?;
    if raw.schema != SCHEMA {
        return Err(format!(
            "{source}: its schema is `{}`; this kit reads `{SCHEMA}`",
            raw.schema
        ));
    }
    if raw.exercise != exercise.name && raw.exercise != exercise.id {
        return Err(format!(
            "{source} reviews exercise `{}`, not {} ({})",
            raw.exercise, exercise.id, exercise.name
        ));
    }
    let known: Vec<&str> = exercise.review.iter().map(|item| item.id).collect();
    let mut problems = Vec::new();
    for id in raw.criteria.keys() {
        if !known.contains(&id.as_str()) {
            problems.push(format!(
                "[criteria.{id}] is not a criterion of {}; its criteria are {}",
                exercise.id,
                known.join(", ")
            ));
        }
    }
    let mut criteria = Vec::new();
    for item in exercise.review {
        let entry = raw.criteria.get(item.id);
        let level = match entry.map_or(0, |entry| entry.level) {
            0 => None,
            level @ 1..=4 => Some(level as usize),
            other => {
                problems.push(format!(
                    "[criteria.{}] level = {other}: pick 1 to {REVIEW_LEVELS}, or 0 for not reviewed",
                    item.id
                ));
                None
            }
        };
        criteria.push(ReviewedCriterion {
            id: item.id.to_owned(),
            title: item.title.to_owned(),
            level: level.and_then(|level| u8::try_from(level).ok()),
            of: REVIEW_LEVELS as u8,
            level_name: level.map(|level| REVIEW_LEVEL_NAMES[level - 1].to_owned()),
            anchor: level.map(|level| item.levels[level - 1].to_owned()),
            notes: entry.map_or_else(String::new, |entry| entry.notes.trim().to_owned()),
        });
    }
    if !problems.is_empty() {
        return Err(format!("{source}:\n  {}", problems.join("\n  ")));
    }
    Ok(ReviewFile {
        exercise: exercise.name.to_owned(),
        submission: raw
            .submission
            .filter(|path| !path.trim().is_empty())
            .map(PathBuf::from),
        review: ManualReview {
            reviewer: non_empty(raw.reviewer),
            summary: non_empty(raw.summary),
            criteria,
        },
    })
}

/// Puts the review into `report`, refusing a review of another exercise or
/// another submission (the mix-up a cohort of reviews invites).
pub fn merge(report: &mut Report, file: ReviewFile, source: &str) -> Result<(), String> {
    if file.exercise != report.exercise {
        return Err(format!(
            "{source} reviews {}, but the report is of {}",
            file.exercise, report.exercise
        ));
    }
    check_submission(&file, &report.target, source)?;
    report.manual_review = Some(file.review);
    Ok(())
}

/// Refuses a review of another submission than `target`. `kit grade` calls
/// it before grading, so that a mix-up costs no grading run.
pub fn check_submission(file: &ReviewFile, target: &Target, source: &str) -> Result<(), String> {
    let Some(submission) = &file.submission else {
        return Ok(());
    };
    let graded = target.folder();
    if same_folder(submission, graded) {
        Ok(())
    } else {
        Err(format!(
            "{source} reviews the submission {}, but this is {}; \
             fix its `submission` line if it is the same one",
            submission.display(),
            graded.display()
        ))
    }
}

/// The same folder: by their canonical paths when both exist here, else by
/// their last component (a report rendered on another machine).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.file_name().is_some() && a.file_name() == b.file_name(),
    }
}

fn non_empty(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
