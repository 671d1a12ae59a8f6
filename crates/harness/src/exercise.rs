//! What an exercise is, as far as the harness cares: its evaluation criteria,
//! its checks, and how its service must be started. Graders build one of these;
//! the harness knows nothing about any particular exercise.

use crate::check::Check;
use crate::content_hash::hex;
use crate::service_spec::ServiceSpec;

/// An evaluation criterion of the task (e.g. "Error handling"). Checks count
/// toward exactly one criterion; the report sums points per criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// Stable identifier used in JSON reports (`errors`).
    pub id: &'static str,
    /// What a hiring manager reads (`Error handling`).
    pub title: &'static str,
}

/// A criterion no program can score (code organisation, clarity): the report
/// lists it with what the interviewer should look for, and `kit review`
/// writes it into the review file with its rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewItem {
    /// Stable key in review files (`organisation`): lower-case, `_` between words.
    pub id: &'static str,
    pub title: &'static str,
    pub look_for: &'static [&'static str],
    /// The rubric: what the code looks like at each level, level 1 first.
    /// Anchors describe code one can point at, so that two interviewers
    /// reading the same submission pick the same level.
    pub levels: [&'static str; REVIEW_LEVELS],
}

/// Levels of every review rubric, 1 to 4; no middle level, so a reviewer
/// has to lean one way.
pub const REVIEW_LEVELS: usize = 4;

/// What each level means, whatever the criterion (index 0 is level 1).
pub const REVIEW_LEVEL_NAMES: [&str; REVIEW_LEVELS] =
    ["below the bar", "borderline", "meets the bar", "strong"];

/// An exercise's hidden check suite, as handed to the runner.
#[derive(Debug)]
pub struct Exercise {
    /// Short name used on the command line (`q1`).
    pub id: &'static str,
    /// Long name, also accepted on the command line (`q1-products`).
    pub name: &'static str,
    pub title: &'static str,
    /// Where the starter lives, relative to the repository root.
    pub starter_dir: &'static str,
    /// Where the reference solution lives, relative to the repository root.
    pub solution_dir: &'static str,
    pub criteria: &'static [Criterion],
    pub review: &'static [ReviewItem],
    pub service: ServiceSpec,
    pub checks: Vec<Check>,
}

impl Exercise {
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(|check| check.points).sum()
    }

    /// `<name> suite <16 hex digits>`: the exercise and a fingerprint of
    /// its check table (ids, points, kinds, criteria, prerequisites, what
    /// runs alone), so a report names the grading rules it was made by and
    /// a reweighted or new check is a new version.
    pub fn grader_version(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut table = Sha256::new();
        for check in &self.checks {
            let row = format!(
                "{}|{}|{:?}|{}|{}|{}\n",
                check.id,
                check.points,
                check.kind,
                check.criterion,
                check.requires.join(","),
                check.alone
            );
            table.update(row.as_bytes());
        }
        let fingerprint = hex(&table.finalize()[..8]);
        format!("{} suite {fingerprint}", self.name)
    }

    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|check| check.id == id)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|criterion| criterion.id == id)
    }

    /// Ways an exercise definition can be wrong. The graders' test suites call
    /// this so a typo in a prerequisite or a points total off by one never ships.
    pub fn lint(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = Vec::new();
        for check in &self.checks {
            if seen.contains(&check.id) {
                problems.push(format!("check id `{}` is used twice", check.id));
            }
            if !check.id.starts_with(&format!("{}.", self.id)) {
                problems.push(format!(
                    "check id `{}` does not start with `{}.`",
                    check.id, self.id
                ));
            }
            if self.criterion(check.criterion).is_none() {
                problems.push(format!(
                    "check `{}` counts toward unknown criterion `{}`",
                    check.id, check.criterion
                ));
            }
            for prerequisite in check.requires {
                if !seen.contains(prerequisite) {
                    problems.push(format!(
                        "check `{}` requires `{prerequisite}`, which is not an earlier check",
                        check.id
                    ));
                }
            }
            if check.points == 0 {
                problems.push(format!("check `{}` is worth no points", check.id));
            }
            seen.push(check.id);
        }
        for criterion in self.criteria {
            if !self
                .checks
                .iter()
                .any(|check| check.criterion == criterion.id)
            {
                problems.push(format!("criterion `{}` has no check", criterion.id));
            }
        }
        let mut review_ids = Vec::new();
        for item in self.review {
            let well_formed = !item.id.is_empty()
                && item
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !well_formed {
                problems.push(format!(
                    "review item id `{}` is not lower_snake_case",
                    item.id
                ));
            }
            if review_ids.contains(&item.id) {
                problems.push(format!("review item id `{}` is used twice", item.id));
            }
            review_ids.push(item.id);
            if item.levels.iter().any(|anchor| anchor.trim().is_empty()) {
                problems.push(format!("review item `{}` has an empty level", item.id));
            }
        }
        if self.max_points() != 100 {
            problems.push(format!("points add up to {}, not 100", self.max_points()));
        }
        problems
    }
}
