//! Cohort statistics for the hiring team: per check, the share of the cohort
//! that passed it and how well it separated strong submissions from weak
//! ones, with a flag on the checks that told the interviewer nothing.

use crate::compare::{CheckOutcome, Cohort, CohortRow};
use crate::{Status, percent};

/// Below this many submissions a correlation means nothing: `None`.
const MIN_FOR_CORRELATION: usize = 3;
/// One submission alone passes or fails every check: a cohort of one (or a
/// check only one report lists) would flag everything.
const MIN_FOR_ALL_PASS_OR_FAIL: usize = 2;
/// A check is flagged `Inverted` at this correlation or lower...
const INVERTED_AT_MOST: f64 = -0.3;
/// ...and only with this many submissions: with fewer, one odd candidate
/// makes any check look inverted.
const MIN_FOR_INVERTED: usize = 5;

/// The statistics of a cohort's checks, over its graded full runs.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortStats {
    /// Submissions the statistics count: graded, full runs.
    pub submissions: usize,
    /// Left out: the submission could not be built or started.
    pub left_out_not_graded: usize,
    /// Left out: partial (`--only`) runs, whose totals are over other checks.
    pub left_out_partial: usize,
    /// One per check, in the exercise's order (`Cohort::checks`).
    pub checks: Vec<CheckStats>,
}

/// How one check went across the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckStats {
    pub id: String,
    pub title: String,
    /// Counted submissions that ran the check (not `skipped`, not absent).
    pub graded: usize,
    /// Of those, the ones where it passed.
    pub passed: usize,
    /// Point-biserial correlation between passing this check (1 or 0) and
    /// the submission's score on the *other* checks, as a share of their
    /// points: the total minus this check's points, out of the maximum minus
    /// this check's maximum. Taking the check out keeps it from correlating
    /// with itself (a 10-point check would otherwise look discriminating just
    /// for being 10 points of the total).
    ///
    /// `None` (never NaN) when it is undefined: every submission passed or
    /// every one failed, fewer than 3 submissions ran it, or they all scored
    /// the same on the rest.
    pub correlation: Option<f64>,
    pub flag: Option<CheckFlag>,
}

/// Why the interviewer should look at a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFlag {
    /// Every submission passed it (two or more ran it): it separated no one
    /// in this cohort.
    AllPass,
    /// Every submission failed it: it separated no one either (too hard, or
    /// a check or brief to fix).
    AllFail,
    /// Clearly negative correlation (-0.3 or lower, 5 submissions or more):
    /// the weaker submissions tend to pass it.
    Inverted,
}

impl CheckFlag {
    /// Words for tables.
    pub fn label(self) -> &'static str {
        match self {
            CheckFlag::AllPass => "all passed",
            CheckFlag::AllFail => "all failed",
            CheckFlag::Inverted => "inverted",
        }
    }

    /// A stable token (`all_pass`, `all_fail`, `inverted`) for JSON and CSS.
    pub fn token(self) -> &'static str {
        match self {
            CheckFlag::AllPass => "all_pass",
            CheckFlag::AllFail => "all_fail",
            CheckFlag::Inverted => "inverted",
        }
    }
}

impl CheckStats {
    /// Share of the submissions that ran it which passed, 0.0 to 1.0; `None`
    /// when none ran it.
    pub fn share(&self) -> Option<f64> {
        (self.graded > 0).then(|| self.passed as f64 / self.graded as f64)
    }

    /// `75%`, or `-` when no submission ran it (rounded down, as totals are,
    /// so that only a check everyone passed reads 100%).
    pub fn share_cell(&self) -> String {
        if self.graded == 0 {
            return "-".to_owned();
        }
        // A cohort has far fewer than 4 billion submissions.
        let passed = u32::try_from(self.passed).unwrap_or(u32::MAX);
        let graded = u32::try_from(self.graded).unwrap_or(u32::MAX);
        format!("{}%", percent(passed, graded))
    }

    /// `0.42`, `-0.81`, or `-` when undefined.
    pub fn correlation_cell(&self) -> String {
        match self.correlation {
            None => "-".to_owned(),
            // `-0.001` would print as `-0.00`.
            Some(r) if r.abs() < 0.005 => "0.00".to_owned(),
            Some(r) => format!("{r:.2}"),
        }
    }
}

/// The statistics of every check of `cohort`, leaving out the submissions
/// that were not graded and partial runs (and counting them).
pub fn cohort_stats(cohort: &Cohort) -> CohortStats {
    let counted: Vec<&CohortRow> = cohort
        .rows
        .iter()
        .filter(|row| !row.not_graded && !row.partial)
        .collect();
    let left_out_not_graded = cohort.rows.iter().filter(|row| row.not_graded).count();
    let left_out_partial = cohort
        .rows
        .iter()
        .filter(|row| row.partial && !row.not_graded)
        .count();
    let checks = cohort
        .checks
        .iter()
        .enumerate()
        .map(|(index, (id, title))| {
            let ran: Vec<(&CohortRow, CheckOutcome)> = counted
                .iter()
                .filter_map(|row| row.checks.get(index).copied().flatten().map(|o| (*row, o)))
                .filter(|(_, outcome)| outcome.status != Status::Skipped)
                .collect();
            let passed = ran
                .iter()
                .filter(|(_, outcome)| outcome.status.is_pass())
                .count();
            let graded = ran.len();
            let correlation = point_biserial(&ran);
            let flag = if graded >= MIN_FOR_ALL_PASS_OR_FAIL && passed == graded {
                Some(CheckFlag::AllPass)
            } else if graded >= MIN_FOR_ALL_PASS_OR_FAIL && passed == 0 {
                Some(CheckFlag::AllFail)
            } else if graded >= MIN_FOR_INVERTED
                && correlation.is_some_and(|r| r <= INVERTED_AT_MOST)
            {
                Some(CheckFlag::Inverted)
            } else {
                None
            };
            CheckStats {
                id: id.clone(),
                title: title.clone(),
                graded,
                passed,
                correlation,
                flag,
            }
        })
        .collect();
    CohortStats {
        submissions: counted.len(),
        left_out_not_graded,
        left_out_partial,
        checks,
    }
}

/// Pearson's correlation between pass (1) / not pass (0) and the rest score
/// share, which for a 0/1 variable is the point-biserial
/// `(M1 - M0) / s * sqrt(p * q)` (`M1`, `M0` the mean rest score of those who
/// passed and of the others, `s` the population standard deviation of the
/// rest scores, `p`, `q` the shares who passed and did not).
fn point_biserial(ran: &[(&CohortRow, CheckOutcome)]) -> Option<f64> {
    // A submission with no other points available has no rest score.
    let samples: Vec<(bool, f64)> = ran
        .iter()
        .filter_map(|(row, outcome)| {
            let rest_max = row.max.saturating_sub(outcome.max);
            let rest_points = row.points.saturating_sub(outcome.points);
            (rest_max > 0).then(|| {
                (
                    outcome.status.is_pass(),
                    f64::from(rest_points) / f64::from(rest_max),
                )
            })
        })
        .collect();
    let n = samples.len();
    let passed = samples.iter().filter(|(pass, _)| *pass).count();
    if n < MIN_FOR_CORRELATION || passed == 0 || passed == n {
        return None;
    }
    let mean_of = |wanted: Option<bool>| {
        let scores: Vec<f64> = samples
            .iter()
            .filter(|(pass, _)| wanted.is_none_or(|wanted| *pass == wanted))
            .map(|(_, score)| *score)
            .collect();
        scores.iter().sum::<f64>() / scores.len() as f64
    };
    let mean = mean_of(None);
    let variance = samples
        .iter()
        .map(|(_, score)| (score - mean).powi(2))
        .sum::<f64>()
        / n as f64;
    // Equal rest scores, give or take rounding: nothing to correlate with.
    if variance < 1e-12 {
        return None;
    }
    let p = passed as f64 / n as f64;
    let r = (mean_of(Some(true)) - mean_of(Some(false))) / variance.sqrt() * (p * (1.0 - p)).sqrt();
    // Rounding can step just outside [-1, 1].
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::{
        Bands, CheckResult, CohortEntry, CriterionScore, Kind, Report, RunStatus, SCHEMA, Score,
        Target, cohort,
    };

    /// The test exercise: `(id, max)` per check, 13 points in all.
    const CHECKS: [(&str, u32); 6] = [
        ("t.a", 4),
        ("t.b", 4),
        ("t.c", 2),
        ("t.always", 1),
        ("t.never", 1),
        ("t.quirk", 1),
    ];

    /// A report of `name` passing the checks in `passed`, failing the others
    /// of `checks`.
    fn report_of(name: &str, checks: &[(&str, u32)], passed: &[&str]) -> Report {
        let results: Vec<CheckResult> = checks
            .iter()
            .map(|&(id, max)| {
                let pass = passed.contains(&id);
                CheckResult {
                    id: id.to_owned(),
                    title: format!("title of {id}"),
                    criterion: "all".to_owned(),
                    kind: Kind::Core,
                    status: if pass { Status::Pass } else { Status::Fail },
                    points: if pass { max } else { 0 },
                    max,
                    message: String::new(),
                    evidence: Vec::new(),
                    evidence_omitted: 0,
                    notes: Vec::new(),
                    blocked_by: Vec::new(),
                    duration_ms: 1,
                }
            })
            .collect();
        let points = results.iter().map(|check| check.points).sum();
        let max = results.iter().map(|check| check.max).sum();
        Report {
            schema: SCHEMA.to_owned(),
            exercise: "t-test".to_owned(),
            exercise_title: "Test".to_owned(),
            target: Target::Cargo {
                path: PathBuf::from(name),
            },
            kit_version: "0".to_owned(),
            grader_version: None,
            submission_hash: None,
            started_at: Utc
                .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
            duration_ms: 1,
            status: RunStatus::Completed,
            error: None,
            only: Vec::new(),
            score: Score { points, max },
            criteria: vec![CriterionScore {
                id: "all".to_owned(),
                title: "All".to_owned(),
                points,
                max,
            }],
            checks: results,
            review: Vec::new(),
            build: None,
            service: None,
            sandbox: None,
            signals: None,
            questions: Vec::new(),
            manual_review: None,
        }
    }

    fn stats_of(reports: Vec<Report>) -> CohortStats {
        let entries = reports
            .into_iter()
            .enumerate()
            .map(|(index, report)| CohortEntry {
                source: format!("{index}.json"),
                report,
            })
            .collect();
        let cohort = cohort(entries, Bands::default()).unwrap_or_else(|error| panic!("{error}"));
        cohort_stats(&cohort)
    }

    fn check<'a>(stats: &'a CohortStats, id: &str) -> &'a CheckStats {
        stats
            .checks
            .iter()
            .find(|check| check.id == id)
            .unwrap_or_else(|| panic!("no statistics for {id}"))
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap_or_else(|| panic!("no correlation, expected {expected}"));
        assert!(
            (actual - expected).abs() < 1e-6,
            "correlation {actual}, expected {expected}"
        );
    }

    /// Five graded submissions (totals out of 13), plus one that did not
    /// build and one partial run, which the statistics leave out:
    ///
    /// | submission | passes               | total |
    /// |------------|----------------------|-------|
    /// | s1         | a b c always         | 11    |
    /// | s2         | a b always           | 9     |
    /// | s3         | a c always           | 7     |
    /// | s4         | b always             | 5     |
    /// | s5         | always quirk         | 2     |
    fn five_and_two_left_out() -> CohortStats {
        let mut broken = report_of("broken", &CHECKS, &[]);
        broken.status = RunStatus::Error;
        broken.checks.clear();
        let mut partial = report_of("partial", &CHECKS[..1], &["t.a"]);
        partial.only = vec!["t.a".to_owned()];
        stats_of(vec![
            report_of("s1", &CHECKS, &["t.a", "t.b", "t.c", "t.always"]),
            report_of("s2", &CHECKS, &["t.a", "t.b", "t.always"]),
            report_of("s3", &CHECKS, &["t.a", "t.c", "t.always"]),
            report_of("s4", &CHECKS, &["t.b", "t.always"]),
            report_of("s5", &CHECKS, &["t.always", "t.quirk"]),
            broken,
            partial,
        ])
    }

    #[test]
    fn counts_passes_over_graded_full_runs_only() {
        let stats = five_and_two_left_out();
        assert_eq!(stats.submissions, 5);
        assert_eq!(stats.left_out_not_graded, 1);
        assert_eq!(stats.left_out_partial, 1);
        let ids: Vec<&str> = stats.checks.iter().map(|check| check.id.as_str()).collect();
        assert_eq!(ids, CHECKS.map(|(id, _)| id));
        // The partial run passed t.a: not counted.
        let a = check(&stats, "t.a");
        assert_eq!((a.passed, a.graded), (3, 5));
        assert_eq!(a.share(), Some(0.6));
        assert_eq!(a.share_cell(), "60%");
    }

    #[test]
    fn the_point_biserial_is_over_the_rest_of_the_score() {
        let stats = five_and_two_left_out();

        // t.a: rest = total - a's points, out of 9. Passed by s1 7/9, s2 5/9,
        // s3 3/9; failed by s4 5/9, s5 2/9 (in ninths: 7 5 3 | 5 2).
        // M1 = 5, M0 = 3.5, mean 4.4, squared deviations
        // 6.76 + 0.36 + 1.96 + 0.36 + 5.76 = 15.2, variance 3.04;
        // p q = 0.6 * 0.4 = 0.24.
        // r = 1.5 * sqrt(0.24 / 3.04) = 1.5 * 0.2809757 = 0.4214636.
        let a = check(&stats, "t.a");
        assert_close(a.correlation, 0.421_463_6);
        assert_eq!(a.correlation_cell(), "0.42");
        assert_eq!(a.flag, None);

        // t.c: out of 11: passed 9 (s1), 5 (s3); failed 9, 5, 2.
        // M1 = 7, M0 = 16/3, mean 6, squared deviations 9+9+1+1+16 = 36,
        // variance 7.2; p q = 0.24.
        // r = (5/3) * sqrt(0.24 / 7.2) = (5/3) * sqrt(1/30) = 0.3042903.
        assert_close(check(&stats, "t.c").correlation, 0.304_290_3);

        // t.b: out of 9: passed 7, 5, 1; failed 7, 2. M1 = 13/3, M0 = 4.5,
        // mean 4.4, squared deviations 6.76+0.36+6.76+11.56+5.76 = 31.2,
        // variance 6.24. r = (-1/6) * sqrt(0.24 / 6.24) = -0.0326860:
        // it does not tell strong from weak, and is not flagged for it.
        let b = check(&stats, "t.b");
        assert_close(b.correlation, -0.032_686_0);
        assert_eq!(b.correlation_cell(), "-0.03");
        assert_eq!(b.flag, None);

        // t.quirk: only the weakest passes. Out of 12: failed 11, 9, 7, 5;
        // passed 1. M1 = 1, M0 = 8, mean 6.6, squared deviations
        // 19.36+5.76+0.16+2.56+31.36 = 59.2, variance 11.84;
        // p q = 0.2 * 0.8 = 0.16.
        // r = -7 * sqrt(0.16 / 11.84) = -0.8137335: inverted.
        let quirk = check(&stats, "t.quirk");
        assert_close(quirk.correlation, -0.813_733_5);
        assert_eq!(quirk.flag, Some(CheckFlag::Inverted));
    }

    #[test]
    fn a_check_everyone_passes_or_fails_is_flagged_without_a_correlation() {
        let stats = five_and_two_left_out();
        let always = check(&stats, "t.always");
        assert_eq!((always.passed, always.graded), (5, 5));
        assert_eq!(always.flag, Some(CheckFlag::AllPass));
        assert_eq!(always.correlation, None);
        assert_eq!(always.correlation_cell(), "-");
        let never = check(&stats, "t.never");
        assert_eq!((never.passed, never.graded), (0, 5));
        assert_eq!(never.flag, Some(CheckFlag::AllFail));
        assert_eq!(never.correlation, None);
        assert_eq!(never.share_cell(), "0%");
    }

    #[test]
    fn too_few_submissions_or_equal_rest_scores_have_no_correlation() {
        // Two submissions that split on t.a: too few to say anything.
        let two = stats_of(vec![
            report_of("s1", &CHECKS, &["t.a", "t.b"]),
            report_of("s2", &CHECKS, &["t.b"]),
        ]);
        assert_eq!(check(&two, "t.a").correlation, None);
        assert_eq!(check(&two, "t.a").flag, None);
        assert_eq!(check(&two, "t.b").flag, Some(CheckFlag::AllPass));
        // One submission passes or fails everything: nothing is flagged.
        let one = stats_of(vec![report_of("s1", &CHECKS, &["t.a"])]);
        assert!(one.checks.iter().all(|check| check.flag.is_none()));

        // Three that split on x but all pass y: the rest scores are equal.
        let pair = [("x", 1), ("y", 1)];
        let flat = stats_of(vec![
            report_of("s1", &pair, &["x", "y"]),
            report_of("s2", &pair, &["y"]),
            report_of("s3", &pair, &["x", "y"]),
        ]);
        assert_eq!(check(&flat, "x").correlation, None);
        assert!(
            flat.checks
                .iter()
                .all(|check| check.correlation.is_none_or(f64::is_finite))
        );
    }

    #[test]
    fn a_skipped_check_is_not_counted_as_run() {
        let mut skipped = report_of("s3", &CHECKS, &["t.always"]);
        if let Some(check) = skipped
            .checks
            .iter_mut()
            .find(|check| check.id == "t.never")
        {
            check.status = Status::Skipped;
            check.max = 0;
        }
        skipped.score.max -= 1;
        let stats = stats_of(vec![
            report_of("s1", &CHECKS, &["t.always"]),
            report_of("s2", &CHECKS, &["t.always"]),
            skipped,
        ]);
        let never = check(&stats, "t.never");
        assert_eq!((never.passed, never.graded), (0, 2));
        assert_eq!(never.flag, Some(CheckFlag::AllFail));
    }

    #[test]
    fn with_nothing_to_count_every_check_has_no_share_and_no_flag() {
        let mut broken = report_of("broken", &CHECKS, &[]);
        broken.status = RunStatus::Error;
        let stats = stats_of(vec![broken]);
        assert_eq!(stats.submissions, 0);
        assert_eq!(stats.left_out_not_graded, 1);
        let a = check(&stats, "t.a");
        assert_eq!((a.graded, a.share(), a.flag), (0, None, None));
        assert_eq!(a.share_cell(), "-");
    }
}
