//! Flakiness of a grading (`kit grade --repeat N`): the same submission graded
//! N times, and for each check how many gradings gave it each status. A check
//! *flipped* when not every grading gave it the same status; a fair grader
//! has none, whatever the load on the machine.
//!
//! Pure data and text: `grade.rs` feeds it reports and prints what it renders.

use std::time::Duration;

use kit_harness::report::Score;
use kit_harness::{Report, Status};
use serde::{Serialize, Serializer};

/// Names the JSON written by `--repeat-out` (docs/report-format.md).
pub const SCHEMA: &str = "interview-kit/flakiness/v1";

/// How often each status came up for one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckCounts {
    pub id: String,
    /// `(status, gradings that gave it)`, in [`status_rank`] order, none zero.
    pub counts: Vec<(Status, usize)>,
}

impl CheckCounts {
    fn count(&mut self, status: Status) {
        match self.counts.iter_mut().find(|(seen, _)| *seen == status) {
            Some((_, count)) => *count += 1,
            None => {
                self.counts.push((status, 1));
                self.counts.sort_by_key(|(status, _)| status_rank(*status));
            }
        }
    }

    fn graded(&self) -> usize {
        self.counts.iter().map(|(_, count)| count).sum()
    }
}

/// What one grading contributes besides its statuses.
#[derive(Debug, Clone, Copy)]
struct GradingFacts {
    score: (u32, u32),
    wall_time: Duration,
}

/// The statuses of every check over several gradings of one submission.
#[derive(Debug, Default)]
pub struct Tally {
    /// In the order the first grading listed them: the suite's.
    checks: Vec<CheckCounts>,
    gradings: Vec<GradingFacts>,
}

impl Tally {
    pub fn record_report(&mut self, report: &Report, wall_time: Duration) {
        let statuses = report
            .checks
            .iter()
            .map(|check| (check.id.as_str(), check.status));
        self.record(statuses, &report.score, wall_time);
    }

    pub fn record<'a>(
        &mut self,
        statuses: impl IntoIterator<Item = (&'a str, Status)>,
        score: &Score,
        wall_time: Duration,
    ) {
        for (id, status) in statuses {
            match self.checks.iter_mut().find(|check| check.id == id) {
                Some(check) => check.count(status),
                None => self.checks.push(CheckCounts {
                    id: id.to_owned(),
                    counts: vec![(status, 1)],
                }),
            }
        }
        self.gradings.push(GradingFacts {
            score: (score.points, score.max),
            wall_time,
        });
    }

    pub fn gradings(&self) -> usize {
        self.gradings.len()
    }

    /// The checks whose status was not the same in every grading (a check
    /// missing from some grading's report counts as a change too).
    pub fn flipped(&self) -> Vec<&CheckCounts> {
        self.checks
            .iter()
            .filter(|check| check.counts.len() > 1 || check.graded() < self.gradings())
            .collect()
    }

    /// A table for the terminal: the checks that flipped with their counts
    /// (or a line saying none did), the score range and the wall times.
    pub fn render_text(&self) -> String {
        let runs = self.gradings();
        let flipped = self.flipped();
        let mut text = String::new();
        if flipped.is_empty() {
            text.push_str(&format!(
                "no check changed status in {runs} {} ({})\n",
                plural(runs, "grading", "gradings"),
                self.score_phrase()
            ));
        } else {
            text.push_str(&format!(
                "{} of {} checks changed status in {runs} {} ({}):\n",
                flipped.len(),
                self.checks.len(),
                plural(runs, "grading", "gradings"),
                self.score_phrase()
            ));
            let width = flipped
                .iter()
                .map(|check| check.id.len())
                .max()
                .unwrap_or(0);
            for check in flipped {
                text.push_str(&format!(
                    "  {:width$}  {}\n",
                    check.id,
                    self.counts_phrase(check)
                ));
            }
        }
        if let Some((min, median, max)) = self.wall_times() {
            text.push_str(&format!(
                "wall time per grading: min {}, median {}, max {}\n",
                seconds(min),
                seconds(median),
                seconds(max)
            ));
        }
        text
    }

    /// The summary `--repeat-out` writes (docs/report-format.md), its
    /// checks in suite order and each check's statuses best first, as in
    /// the text.
    pub fn to_json(&self, exercise: &str, target: &str) -> String {
        let summary = SummaryJson {
            schema: SCHEMA,
            exercise,
            target,
            runs: self.gradings(),
            flipped: self
                .flipped()
                .iter()
                .map(|check| check.id.as_str())
                .collect(),
            checks: ChecksJson(self),
            scores: self
                .gradings
                .iter()
                .map(|grading| Score {
                    points: grading.score.0,
                    max: grading.score.1,
                })
                .collect(),
            durations_ms: self
                .gradings
                .iter()
                .map(|grading| millis(grading.wall_time))
                .collect(),
            duration_ms: self.wall_times().map(|(min, median, max)| DurationsJson {
                min: millis(min),
                median: millis(median),
                max: millis(max),
            }),
        };
        // Plain data with string keys: serialising it cannot fail.
        serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
    }

    fn absent(&self, check: &CheckCounts) -> Option<usize> {
        let absent = self.gradings().saturating_sub(check.graded());
        (absent > 0).then_some(absent)
    }

    fn counts_phrase(&self, check: &CheckCounts) -> String {
        let mut parts: Vec<String> = check
            .counts
            .iter()
            .map(|(status, count)| format!("{status} {count}"))
            .collect();
        if let Some(absent) = self.absent(check) {
            parts.push(format!("absent {absent}"));
        }
        parts.join(", ")
    }

    /// `score 100/100 every time`, or the range `score 97-100/100`.
    fn score_phrase(&self) -> String {
        let points = self.gradings.iter().map(|grading| grading.score.0);
        let maxima = self.gradings.iter().map(|grading| grading.score.1);
        let (low, high) = (points.clone().min(), points.max());
        let (low_max, high_max) = (maxima.clone().min(), maxima.max());
        match (low, high, low_max, high_max) {
            (Some(low), Some(high), Some(max), Some(high_max)) if max == high_max => {
                if low == high {
                    format!("score {low}/{max} every time")
                } else {
                    format!("score {low}-{high}/{max}")
                }
            }
            (Some(low), Some(high), Some(low_max), Some(high_max)) => {
                format!("score {low}-{high}, out of {low_max}-{high_max}")
            }
            _ => "no score".to_owned(),
        }
    }

    /// Min, median and max wall time of a grading; `None` before the first.
    fn wall_times(&self) -> Option<(Duration, Duration, Duration)> {
        let mut times: Vec<Duration> = self
            .gradings
            .iter()
            .map(|grading| grading.wall_time)
            .collect();
        times.sort();
        let middle = times.len() / 2;
        let median = if times.len() % 2 == 0 {
            (*times.get(middle.checked_sub(1)?)? + *times.get(middle)?) / 2
        } else {
            *times.get(middle)?
        };
        Some((*times.first()?, median, *times.last()?))
    }
}

#[derive(Debug, Serialize)]
struct SummaryJson<'a> {
    schema: &'static str,
    exercise: &'a str,
    target: &'a str,
    runs: usize,
    flipped: Vec<&'a str>,
    checks: ChecksJson<'a>,
    scores: Vec<Score>,
    durations_ms: Vec<u64>,
    duration_ms: Option<DurationsJson>,
}

#[derive(Debug, Serialize)]
struct DurationsJson {
    min: u64,
    median: u64,
    max: u64,
}

/// `{check id: {status: count}}` in the tally's order (a JSON map built
/// from `serde_json::Value` would sort it).
#[derive(Debug)]
struct ChecksJson<'a>(&'a Tally);

impl Serialize for ChecksJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tally = self.0;
        serializer.collect_map(tally.checks.iter().map(|check| {
            let counts = check
                .counts
                .iter()
                .map(|(status, count)| (status.to_string(), *count))
                .chain(
                    tally
                        .absent(check)
                        .map(|absent| ("absent".to_owned(), absent)),
                );
            (check.id.as_str(), CountsJson(counts.collect()))
        }))
    }
}

#[derive(Debug)]
struct CountsJson(Vec<(String, usize)>);

impl Serialize for CountsJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(status, count)| (status, count)))
    }
}

/// Statuses listed from best to worst, as a reader scans for trouble.
fn status_rank(status: Status) -> u8 {
    match status {
        Status::Pass => 0,
        Status::Fail => 1,
        Status::Blocked => 2,
        Status::Timeout => 3,
        Status::Crash => 4,
        Status::Error => 5,
        Status::Skipped => 6,
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn score(points: u32) -> Score {
        Score { points, max: 100 }
    }

    fn grading(tally: &mut Tally, statuses: &[(&str, Status)], points: u32, secs: u64) {
        tally.record(
            statuses.iter().copied(),
            &score(points),
            Duration::from_secs(secs),
        );
    }

    fn stable_and_flaky() -> Tally {
        let mut tally = Tally::default();
        grading(
            &mut tally,
            &[("q.a", Status::Pass), ("q.b", Status::Pass)],
            100,
            4,
        );
        grading(
            &mut tally,
            &[("q.a", Status::Pass), ("q.b", Status::Timeout)],
            97,
            9,
        );
        grading(
            &mut tally,
            &[("q.a", Status::Pass), ("q.b", Status::Fail)],
            97,
            5,
        );
        tally
    }

    #[test]
    fn the_same_status_every_time_is_no_flip() {
        let mut tally = Tally::default();
        for _ in 0..3 {
            grading(
                &mut tally,
                &[("q.a", Status::Pass), ("q.b", Status::Blocked)],
                100,
                4,
            );
        }
        assert_eq!(tally.gradings(), 3);
        assert!(tally.flipped().is_empty());
        assert_eq!(
            tally.checks,
            [
                CheckCounts {
                    id: "q.a".to_owned(),
                    counts: vec![(Status::Pass, 3)],
                },
                CheckCounts {
                    id: "q.b".to_owned(),
                    counts: vec![(Status::Blocked, 3)],
                },
            ]
        );
        assert_eq!(
            tally.render_text(),
            "no check changed status in 3 gradings (score 100/100 every time)\n\
             wall time per grading: min 4.0 s, median 4.0 s, max 4.0 s\n"
        );
    }

    #[test]
    fn a_changed_status_is_a_flip_counted_per_status_best_first() {
        let tally = stable_and_flaky();
        let flipped = tally.flipped();
        assert_eq!(flipped.len(), 1);
        assert_eq!(flipped[0].id, "q.b");
        // Fail before timeout, whatever order they came in.
        assert_eq!(
            flipped[0].counts,
            vec![(Status::Pass, 1), (Status::Fail, 1), (Status::Timeout, 1)]
        );
        assert_eq!(
            tally.render_text(),
            "1 of 2 checks changed status in 3 gradings (score 97-100/100):\n  \
             q.b  pass 1, fail 1, timeout 1\n\
             wall time per grading: min 4.0 s, median 5.0 s, max 9.0 s\n"
        );
    }

    #[test]
    fn a_check_missing_from_a_grading_is_a_flip() {
        let mut tally = Tally::default();
        grading(&mut tally, &[("q.a", Status::Pass)], 100, 1);
        grading(&mut tally, &[], 0, 1);
        assert_eq!(tally.flipped().len(), 1);
        assert!(tally.render_text().contains("q.a  pass 1, absent 1\n"));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let mut tally = Tally::default();
        for secs in [8, 2, 4, 6] {
            grading(&mut tally, &[("q.a", Status::Pass)], 100, secs);
        }
        assert!(
            tally
                .render_text()
                .ends_with("wall time per grading: min 2.0 s, median 5.0 s, max 8.0 s\n")
        );
    }

    #[test]
    fn the_json_summary_has_runs_counts_scores_and_durations() {
        let tally = stable_and_flaky();
        let text = tally.to_json("q-test", "solutions/q");
        let summary: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            summary,
            json!({
                "schema": SCHEMA,
                "exercise": "q-test",
                "target": "solutions/q",
                "runs": 3,
                "flipped": ["q.b"],
                "checks": {
                    "q.a": { "pass": 3 },
                    "q.b": { "pass": 1, "fail": 1, "timeout": 1 },
                },
                "scores": [
                    { "points": 100, "max": 100 },
                    { "points": 97, "max": 100 },
                    { "points": 97, "max": 100 },
                ],
                "durations_ms": [4000, 9000, 5000],
                "duration_ms": { "min": 4000, "median": 5000, "max": 9000 },
            })
        );
        // Read by people too: checks in suite order, statuses best first.
        let order = [
            "\"schema\"",
            "\"q.a\": {",
            "\"q.b\": {",
            "\"pass\": 1",
            "\"fail\"",
            "\"timeout\"",
        ];
        let positions: Vec<Option<usize>> = order.iter().map(|key| text.find(key)).collect();
        assert!(
            positions
                .windows(2)
                .all(|pair| pair[0] < pair[1] && pair[0].is_some()),
            "{text}"
        );
    }
}
