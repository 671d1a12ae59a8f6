//! What a report carries for the interviewer's debrief besides the score:
//! the interviewer's own review of the manual criteria, and the follow-up
//! questions proposed from this submission's results. Neither counts toward
//! the score; the renderings show them apart from it.

use serde::{Deserialize, Serialize};

/// The interviewer's judgement of the criteria no program scores, merged
/// from a review file (`kit review`, then `--review FILE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualReview {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// The interviewer's overall impression, in their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// One per review item of the exercise, in the exercise's order.
    pub criteria: Vec<ReviewedCriterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedCriterion {
    pub id: String,
    pub title: String,
    /// The level chosen on the rubric, 1 to `of`; `None` when the
    /// interviewer has not reviewed this criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// How many levels the rubric has.
    pub of: u8,
    /// The level's name (`meets the bar`) and its anchor, when a level was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl ManualReview {
    /// Criteria with a level chosen, out of all.
    pub fn reviewed(&self) -> (usize, usize) {
        let done = self
            .criteria
            .iter()
            .filter(|criterion| criterion.level.is_some())
            .count();
        (done, self.criteria.len())
    }
}

/// A question from the bank (`docs/questions/`) worth asking this candidate,
/// with why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedQuestion {
    /// The bank's id (`jwt.alg-none`).
    pub id: String,
    /// The topic's title (`JSON Web Tokens`).
    pub topic: String,
    /// `junior`, `mid` or `senior`.
    pub level: String,
    pub ask: String,
    pub good_answer: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// Why this submission prompts it, e.g. `lost: Rejects a token with
    /// alg none (q2.tokens.alg_none)`.
    pub because: String,
}
