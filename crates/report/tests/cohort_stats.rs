//! The cohort statistics in every rendering of a cohort: the text table, the
//! page's section (check titles escaped) and the `interview-kit/cohort/v1`
//! JSON.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use kit_report::{
    Bands, COHORT_SCHEMA, CheckFlag, CheckResult, Cohort, CohortEntry, CriterionScore, Kind,
    Report, RunStatus, SCHEMA, Score, Status, Target, cohort, cohort_json, cohort_stats,
    render_compare_html, render_compare_json, render_compare_text,
};
use serde_json::Value;

const SCRIPT: &str = "<script>alert(1)</script>";
const SCRIPT_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

/// `(id, max)` per check; `t.c`'s title holds a `<script>`.
const CHECKS: [(&str, u32); 5] = [
    ("t.a", 4),
    ("t.b", 4),
    ("t.c", 2),
    ("t.always", 1),
    ("t.quirk", 1),
];

fn report_of(name: &str, passed: &[&str]) -> Report {
    let checks: Vec<CheckResult> = CHECKS
        .iter()
        .map(|&(id, max)| {
            let pass = passed.contains(&id);
            CheckResult {
                id: id.to_owned(),
                title: if id == "t.c" {
                    format!("Check C {SCRIPT}")
                } else {
                    format!("Check {id}")
                },
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
    let points = checks.iter().map(|check| check.points).sum();
    let max = checks.iter().map(|check| check.max).sum();
    Report {
        schema: SCHEMA.to_owned(),
        exercise: "t-test".to_owned(),
        exercise_title: "Test exercise".to_owned(),
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
        checks,
        review: Vec::new(),
        build: None,
        service: None,
        sandbox: None,
        signals: None,
        questions: Vec::new(),
        manual_review: None,
    }
}

/// Five graded submissions, one that did not build: `t.always` passed by
/// all, `t.quirk` only by the weakest (correlation -0.81, inverted).
fn sample() -> Cohort {
    let mut broken = report_of("broken", &[]);
    broken.status = RunStatus::Error;
    broken.checks.clear();
    let reports = vec![
        report_of("s1", &["t.a", "t.b", "t.c", "t.always"]),
        report_of("s2", &["t.a", "t.b", "t.always"]),
        report_of("s3", &["t.a", "t.c", "t.always"]),
        report_of("s4", &["t.b", "t.always"]),
        report_of("s5", &["t.always", "t.quirk"]),
        broken,
    ];
    let entries = reports
        .into_iter()
        .enumerate()
        .map(|(index, report)| CohortEntry {
            source: format!("r{index}.json"),
            report,
        })
        .collect();
    cohort(entries, Bands::default()).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_statistics_leave_out_what_was_not_graded() {
    let stats = cohort_stats(&sample());
    assert_eq!(
        (stats.submissions, stats.left_out_not_graded),
        (5, 1),
        "{stats:?}"
    );
    let flags: Vec<Option<CheckFlag>> = stats.checks.iter().map(|check| check.flag).collect();
    assert_eq!(
        flags,
        [
            None,
            None,
            None,
            Some(CheckFlag::AllPass),
            Some(CheckFlag::Inverted)
        ]
    );
}

#[test]
fn the_text_has_a_table_of_checks_after_the_ranking() {
    let text = render_compare_text(&sample());
    let ranking = text.find("Total").unwrap_or(usize::MAX);
    let stats = text
        .find("How each check separated the cohort")
        .unwrap_or(0);
    assert!(ranking < stats, "{text}");
    assert!(
        text.contains("Over 5 graded full runs; left out: 1 not graded."),
        "{text}"
    );
    let line = |id: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(&format!("{id} ")))
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| panic!("no line for {id}:\n{text}"))
    };
    assert_eq!(line("t.a"), "t.a 3 / 5 60% 0.42");
    assert_eq!(line("t.always"), "t.always 5 / 5 100% - all passed");
    assert_eq!(line("t.quirk"), "t.quirk 1 / 5 20% -0.81 inverted");
    // The statistics table fits in 100 columns.
    let from_stats = &text[stats..];
    assert!(
        from_stats.lines().all(|line| line.chars().count() <= 100),
        "{from_stats}"
    );
}

#[test]
fn the_page_has_the_section_with_flagged_rows_and_escaped_titles() {
    let page = render_compare_html(&sample());
    assert!(page.contains("<h2>How each check separated the cohort</h2>"));
    assert!(page.contains("near 0, it does not tell strong from weak"));
    assert!(page.contains("class=\"flagged flag-all_pass\""), "{page}");
    assert!(page.contains("class=\"flagged flag-inverted\""), "{page}");
    assert!(page.contains("all passed"));
    assert!(
        page.contains(&format!("Check C {SCRIPT_ESCAPED}")),
        "{page}"
    );
    assert!(!page.to_lowercase().contains("<script"), "{page}");
    assert!(page.contains("<td class=\"num\">-0.81</td>"), "{page}");
}

#[test]
fn the_json_has_the_ranking_and_the_statistics() {
    let cohort = sample();
    let text = render_compare_json(&cohort);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(json, cohort_json(&cohort));
    assert_eq!(json["schema"], COHORT_SCHEMA);
    assert_eq!(json["schema"], "interview-kit/cohort/v1");
    assert_eq!(json["exercise"], "t-test");

    let rows = json["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("no rows: {json}"));
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["label"], "s1");
    assert_eq!(rows[0]["source"], "r0.json");
    assert_eq!(rows[0]["points"], 11);
    assert_eq!(rows[0]["max"], 12);
    assert_eq!(rows[0]["band"], "strong");
    assert_eq!(rows[0]["partial"], false);
    assert_eq!(rows[5]["label"], "broken");
    assert_eq!(rows[5]["not_graded"], true);

    let statistics = &json["statistics"];
    assert_eq!(statistics["submissions"], 5);
    assert_eq!(statistics["left_out_not_graded"], 1);
    assert_eq!(statistics["left_out_partial"], 0);
    let check = |id: &str| {
        statistics["checks"]
            .as_array()
            .and_then(|checks| checks.iter().find(|check| check["id"] == id))
            .unwrap_or_else(|| panic!("no statistics for {id}: {json}"))
            .clone()
    };
    let always = check("t.always");
    assert_eq!(always["graded"], 5);
    assert_eq!(always["passed"], 5);
    assert_eq!(always["share"], 1.0);
    assert_eq!(always["correlation"], Value::Null);
    assert_eq!(always["flag"], "all_pass");
    let quirk = check("t.quirk");
    assert_eq!(quirk["flag"], "inverted");
    let correlation = quirk["correlation"].as_f64().unwrap_or(0.0);
    assert!((correlation + 0.81).abs() < 0.01, "{correlation}");
    assert_eq!(check("t.a")["flag"], Value::Null);
    assert_eq!(check("t.c")["title"], format!("Check C {SCRIPT}"));
}
