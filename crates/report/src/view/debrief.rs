//! The interviewer's debrief: the review of the criteria no program scores
//! (pending, or merged from a review file) and the follow-up questions.

use crate::{ManualReview, Report, ReviewEntry, ReviewedCriterion};

/// The review section: the criteria still to review, or the review merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReviewView {
    /// Criteria for the interviewer to read the code for.
    Pending(Vec<ReviewEntry>),
    Reviewed {
        /// Criteria with a level chosen, out of all.
        done: usize,
        all: usize,
        reviewer: Option<String>,
        summary: Option<String>,
        criteria: Vec<ReviewedView>,
    },
}

/// One reviewed criterion as the renderings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReviewedView {
    pub title: String,
    pub level: Option<u8>,
    /// `3 of 4 · meets the bar`, or `not reviewed`.
    pub level_line: String,
    pub anchor: Option<String>,
    pub notes: String,
    /// What to look for, when the criterion is not reviewed yet.
    pub look_for: Vec<String>,
}

impl ReviewView {
    /// `None` when there is nothing to review.
    pub fn build(report: &Report) -> Option<ReviewView> {
        match &report.manual_review {
            Some(review) => Some(reviewed(report, review)),
            None if report.review.is_empty() => None,
            None => Some(ReviewView::Pending(report.review.clone())),
        }
    }
}

fn reviewed(report: &Report, review: &ManualReview) -> ReviewView {
    let (done, all) = review.reviewed();
    ReviewView::Reviewed {
        done,
        all,
        reviewer: review.reviewer.clone(),
        summary: review.summary.clone(),
        criteria: review
            .criteria
            .iter()
            .map(|criterion| ReviewedView {
                title: criterion.title.clone(),
                level: criterion.level,
                level_line: level_line(criterion),
                anchor: criterion.anchor.clone(),
                notes: criterion.notes.clone(),
                look_for: if criterion.level.is_none() {
                    look_for_of(report, criterion).to_vec()
                } else {
                    Vec::new()
                },
            })
            .collect(),
    }
}

/// The sentence under the follow-up questions' heading.
pub(crate) const QUESTIONS_HINT: &str = "Chosen from this submission's results in the question bank (docs/questions): what it lost first, then a strength to go deeper on. Listen for the points, not the words.";

/// The sentence under the interviewer review's heading.
pub(crate) const MANUAL_REVIEW_HINT: &str =
    "The interviewer's reading of the code on the rubric: not part of the automatic score.";

/// `3 of 4 · meets the bar`, or `not reviewed`.
fn level_line(criterion: &ReviewedCriterion) -> String {
    match (criterion.level, &criterion.level_name) {
        (Some(level), Some(name)) => format!("{level} of {} · {name}", criterion.of),
        (Some(level), None) => format!("{level} of {}", criterion.of),
        (None, _) => "not reviewed".to_owned(),
    }
}

/// What to look for under a criterion the interviewer has not reviewed yet
/// (matched by id, or by title in reports older than review ids).
fn look_for_of<'a>(report: &'a Report, criterion: &ReviewedCriterion) -> &'a [String] {
    report
        .review
        .iter()
        .find(|item| {
            (!item.id.is_empty() && item.id == criterion.id) || item.title == criterion.title
        })
        .map_or(&[], |item| item.look_for.as_slice())
}

/// Free text typed by the interviewer (notes, summary) as paragraphs: a
/// blank line starts a new one, single line breaks are only wrapping.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}
