//! The renderings of a saved report: Markdown and JUnit pinned by snapshots,
//! HTML and Markdown that stay inert whatever the candidate's service printed,
//! JUnit that an XML parser accepts, the candidate audience that shows no
//! scoring, and cohort tables.
//!
//! Fixtures (`tests/fixtures/`): `q1-starter.json` is a real grading of the
//! Q1 starter, cut down to 15 checks and hand-edited so that every status
//! appears (`crash`, `timeout`, `skipped`, `error` do not happen with the
//! starter); `q1-solution.json` a real grading of the solution, evidence
//! removed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kit_harness::code_signals::{CodeSignals, SourceHits, TestCounts};
use kit_harness::report::{
    Audience, Bands, CohortEntry, ManualReview, RenderOptions, ReviewedCriterion, cohort,
    render_compare_html, render_compare_text, render_html, render_junit, render_markdown,
    render_text_for,
};
use kit_harness::testing::{Tool, require};
use kit_harness::{Report, Status};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> Report {
    let text = std::fs::read_to_string(fixture_path(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    Report::from_json(&text).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn options(audience: Audience) -> RenderOptions {
    RenderOptions {
        audience,
        bands: Bands::default(),
    }
}

const SCRIPT: &str = "<script>alert('pwned')</script>";

/// The starter fixture with what an interviewer adds for the debrief: code
/// signals (`unwraps` quoting `quoted`, candidate source), the proposed
/// questions, and a review of one of its two criteria.
fn with_debrief(mut report: Report, quoted: &str) -> Report {
    report.signals = Some(CodeSignals {
        formatted: Some(false),
        clippy_warnings: Some(3),
        tests: Some(TestCounts {
            passed: 4,
            failed: 1,
            ignored: 0,
        }),
        unwraps: SourceHits {
            count: 2,
            examples: vec![format!("src/routes.rs:42: let id = {quoted}.unwrap();")],
        },
        unsafe_code: SourceHits::default(),
        notes: vec!["cargo test: one test binary did not compile".to_owned()],
    });
    let bank = kit_questions::Bank::embedded().unwrap_or_else(|error| panic!("{error}"));
    report.questions = kit_questions::propose(&bank, &report);
    report.manual_review = Some(ManualReview {
        reviewer: Some(format!("Dana {quoted}")),
        summary: Some(format!("Readable handlers; {quoted} thin tests.")),
        criteria: vec![
            ReviewedCriterion {
                id: "organisation".to_owned(),
                title: "Code organisation and clarity".to_owned(),
                level: Some(3),
                of: 4,
                level_name: Some("meets the bar".to_owned()),
                anchor: Some(
                    "Routes, validation, storage and errors each have their place.".to_owned(),
                ),
                notes: format!("src/routes.rs keeps handlers thin {quoted}"),
            },
            ReviewedCriterion {
                id: "tests".to_owned(),
                title: "Tests the candidate wrote".to_owned(),
                level: None,
                of: 4,
                level_name: None,
                anchor: None,
                notes: String::new(),
            },
        ],
    });
    report
}

/// The starter fixture with markup wherever the candidate's program (or its
/// path) can put text: a message, a request path, a response body, a header,
/// an expectation, a note, the service's output, even the target's path.
fn hostile() -> Report {
    let mut report = fixture("q1-starter.json");
    report.target = kit_harness::Target::Cargo {
        path: PathBuf::from(format!("candidates/{SCRIPT}")),
    };
    for check in &mut report.checks {
        check.message = format!("{} {SCRIPT}\u{0}\u{8}", check.message);
        check.notes.push(format!("note {SCRIPT}"));
        for exchange in &mut check.evidence {
            exchange.path = format!("{}?q={SCRIPT}", exchange.path);
            exchange
                .response_headers
                .push(("x-evil".to_owned(), SCRIPT.to_owned()));
            if let Some(body) = &mut exchange.response_body {
                body.excerpt = format!("{SCRIPT} ```` {}", body.excerpt);
            }
            for expectation in &mut exchange.expected {
                expectation.text = format!("{} {SCRIPT}", expectation.text);
            }
        }
    }
    if let Some(service) = &mut report.service {
        service.output_tail = format!("{}\npanic: {SCRIPT}\u{1b}[0m\n", service.output_tail);
    }
    with_debrief(report, SCRIPT)
}

#[test]
fn markdown_for_the_interviewer() {
    insta::assert_snapshot!(render_markdown(
        &fixture("q1-starter.json"),
        &options(Audience::Interviewer)
    ));
}

#[test]
fn markdown_with_the_debrief() {
    let report = with_debrief(fixture("q1-starter.json"), "input");
    let markdown = render_markdown(&report, &options(Audience::Interviewer));
    // The debrief comes before the check-by-check detail.
    let order = [
        "## Interviewer review (1 of 2 criteria)",
        "## Code signals",
        "## Follow-up questions for the debrief",
        "## Check by check",
    ];
    let positions: Vec<Option<usize>> = order.iter().map(|h| markdown.find(h)).collect();
    assert!(
        positions.iter().all(Option::is_some) && positions.is_sorted(),
        "{positions:?}"
    );
    let debrief = &markdown[positions[0].unwrap_or(0)..positions[3].unwrap_or(0)];
    insta::assert_snapshot!(debrief);
}

#[test]
fn text_with_the_debrief() {
    let report = with_debrief(fixture("q1-starter.json"), "input");
    let text = render_text_for(&report, &options(Audience::Interviewer));
    let start = text.find("\nInterviewer review").unwrap_or(0);
    let end = text.find("\nService:").unwrap_or(text.len());
    insta::assert_snapshot!(&text[start..end]);
}

#[test]
fn the_candidate_sees_no_debrief() {
    let report = with_debrief(fixture("q1-starter.json"), "input");
    let first_question = report.questions[0].ask.clone();
    for (format, rendered) in [
        (
            "text",
            render_text_for(&report, &options(Audience::Candidate)),
        ),
        (
            "md",
            render_markdown(&report, &options(Audience::Candidate)),
        ),
        ("html", render_html(&report, &options(Audience::Candidate))),
    ] {
        for private in [
            "keeps handlers thin",
            "Dana",
            "Code signals",
            "src/routes.rs:42",
            first_question.as_str(),
        ] {
            assert!(!rendered.contains(private), "{format} shows {private:?}");
        }
    }
    for (format, rendered) in [
        (
            "text",
            render_text_for(&report, &options(Audience::Interviewer)),
        ),
        (
            "md",
            render_markdown(&report, &options(Audience::Interviewer)),
        ),
        (
            "html",
            render_html(&report, &options(Audience::Interviewer)),
        ),
    ] {
        for shown in ["keeps handlers thin", "src/routes.rs:42", "Dana"] {
            assert!(rendered.contains(shown), "{format} lacks {shown:?}");
        }
    }
}

#[test]
fn markdown_for_the_candidate() {
    insta::assert_snapshot!(render_markdown(
        &fixture("q1-starter.json"),
        &options(Audience::Candidate)
    ));
}

#[test]
fn junit() {
    insta::assert_snapshot!(render_junit(&fixture("q1-starter.json")));
}

#[test]
fn text_for_the_candidate() {
    insta::assert_snapshot!(render_text_for(
        &fixture("q1-starter.json"),
        &options(Audience::Candidate)
    ));
}

#[test]
fn html_escapes_everything_the_candidate_controls() {
    let report = hostile();
    for audience in [Audience::Interviewer, Audience::Candidate] {
        let html = render_html(&report, &options(audience));
        assert!(
            !html.to_lowercase().contains("<script"),
            "{audience:?}: a <script> came out unescaped"
        );
        assert!(
            html.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"),
            "{audience:?}: the escaped text is missing"
        );
        assert!(!html.contains('\u{0}') && !html.contains('\u{8}'));
        // The service's output (shown: a check crashed) is escaped too.
        assert!(html.contains("panic: &lt;script&gt;"), "{audience:?}");
    }
    // Self-contained: nothing to fetch.
    let html = render_html(&report, &options(Audience::Interviewer));
    for fetch in ["<link", "src=", "@import", "url(", "http://", "https://"] {
        assert!(!html.contains(fetch), "the page fetches something: {fetch}");
    }
}

#[test]
fn markdown_keeps_candidate_text_out_of_markup() {
    let report = hostile();
    for audience in [Audience::Interviewer, Audience::Candidate] {
        let markdown = render_markdown(&report, &options(audience));
        // Outside fenced blocks, no raw `<`: only escaped `\<`.
        let mut fence: Option<String> = None;
        for line in markdown.lines() {
            let backticks: String = line.chars().take_while(|&c| c == '`').collect();
            match &fence {
                Some(open) if line.trim_end() == open => fence = None,
                Some(_) => {}
                None if backticks.len() >= 3 => fence = Some(backticks),
                None => {
                    let raw_angle = line
                        .match_indices('<')
                        .any(|(at, _)| !line[..at].ends_with('\\'));
                    let ours = ["<details>", "<summary>", "</summary>", "</details>"];
                    let stripped = ours
                        .iter()
                        .fold(line.to_owned(), |line, tag| line.replace(tag, ""));
                    assert!(
                        !raw_angle || !stripped.contains('<'),
                        "{audience:?}: markup outside a fence: {line}"
                    );
                }
            }
        }
        assert!(fence.is_none(), "{audience:?}: a fence was left open");
        // A body holding four backticks is fenced with five or more.
        assert!(markdown.contains("`````http\nHTTP"), "{audience:?}");
    }
}

/// Parses XML with Python's expat (a strict XML 1.0 parser; python3 is
/// already needed by the graders' tests) and returns its summary.
fn parse_xml(xml: &str) -> serde_json::Value {
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = root.findall("testsuite")
cases = [
    {
        "classname": case.get("classname"),
        "name": case.get("name"),
        "time": case.get("time"),
        "properties": {p.get("name"): p.get("value") for p in case.findall("properties/property")},
        "outcome": [child.tag for child in case if child.tag in ("failure", "error", "skipped")],
        "message": next((child.get("message") for child in case if child.tag in ("failure", "error", "skipped")), None),
    }
    for suite in suites for case in suite.findall("testcase")
]
print(json.dumps({
    "root": root.tag,
    "suites": [dict(suite.attrib) for suite in suites],
    "suite_properties": {p.get("name"): p.get("value") for s in suites for p in s.findall("properties/property")},
    "cases": cases,
}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("python3: {error}"));
    child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(xml.as_bytes()))
        .transpose()
        .unwrap_or_else(|error| panic!("{error}"));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        output.status.success(),
        "not well-formed XML: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn junit_parses_and_counts_every_status() {
    if !require("junit_parses_and_counts_every_status", &[Tool::Python3]) {
        return;
    }
    let report = fixture("q1-starter.json");
    let parsed = parse_xml(&render_junit(&report));
    assert_eq!(parsed["root"], "testsuites");
    let suite = &parsed["suites"][0];
    assert_eq!(suite["name"], "q1-products");
    assert_eq!(suite["tests"], "15");
    // fail ×5, blocked ×2, crash, timeout; error; skipped.
    assert_eq!(suite["failures"], "9");
    assert_eq!(suite["errors"], "1");
    assert_eq!(suite["skipped"], "1");
    assert_eq!(suite["time"], "6.120");
    assert_eq!(parsed["suite_properties"]["points"], "15");
    assert_eq!(parsed["suite_properties"]["max"], "45");
    let cases = parsed["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("no testcases"));
    assert_eq!(cases.len(), report.checks.len());
    for (case, check) in cases.iter().zip(&report.checks) {
        assert_eq!(case["name"], check.id.as_str());
        assert_eq!(case["classname"], check.criterion.as_str());
        assert_eq!(case["properties"]["points"], check.points.to_string());
        assert_eq!(case["properties"]["max"], check.max.to_string());
        let expected = match check.status {
            Status::Pass => serde_json::json!([]),
            Status::Skipped => serde_json::json!(["skipped"]),
            Status::Error => serde_json::json!(["error"]),
            _ => serde_json::json!(["failure"]),
        };
        assert_eq!(case["outcome"], expected, "{}", check.id);
    }
}

#[test]
fn junit_escapes_markup_and_drops_characters_xml_forbids() {
    if !require(
        "junit_escapes_markup_and_drops_characters_xml_forbids",
        &[Tool::Python3],
    ) {
        return;
    }
    let parsed = parse_xml(&render_junit(&hostile()));
    let failed = parsed["cases"]
        .as_array()
        .and_then(|cases| cases.iter().find(|case| case["name"] == "q1.update.ok"))
        .unwrap_or_else(|| panic!("q1.update.ok missing"));
    let message = failed["message"].as_str().unwrap_or_default();
    assert!(message.ends_with(SCRIPT), "{message:?}");
}

#[test]
fn the_candidate_sees_no_scoring() {
    let report = fixture("q1-starter.json");
    let options = options(Audience::Candidate);
    for (format, rendered) in [
        ("text", render_text_for(&report, &options)),
        ("md", render_markdown(&report, &options)),
        ("html", render_html(&report, &options)),
    ] {
        // The page's stylesheet names classes (`.points`) it does not use here.
        let visible = match (rendered.find("<style>"), rendered.find("</style>")) {
            (Some(start), Some(end)) => format!("{}{}", &rendered[..start], &rendered[end..]),
            _ => rendered.clone(),
        };
        let lower = visible.to_lowercase();
        for secret in [
            "points",
            " / ",
            "q1.",
            "below the bar",
            "meets the bar",
            "strong",
            "band",
            "for the interviewer",
            "code organisation",
            "signal 11",
            "advanced",
        ] {
            assert!(
                !lower.contains(secret),
                "{format} for the candidate shows `{secret}`"
            );
        }
        // What they do see: the requirements, the failure, what came back.
        for shown in [
            "Creating a product answers 201 with the product",
            "Updating a product with PUT answers 200 and saves the change",
            "expected 200 for a valid full update of an existing product, got 405",
            "405",
        ] {
            assert!(rendered.contains(shown), "{format} misses `{shown}`");
        }
    }
}

#[test]
fn the_band_follows_the_thresholds() {
    let report = fixture("q1-starter.json"); // 15 / 45 = 33%
    let html = |bands| {
        render_html(
            &report,
            &RenderOptions {
                audience: Audience::Interviewer,
                bands,
            },
        )
    };
    assert!(html(Bands::default()).contains("<div class=\"verdict\">Below the bar</div>"));
    assert!(html(Bands::new(40, 30).unwrap_or_default()).contains(">Meets the bar</div>"));
    let strong = html(Bands::new(33, 20).unwrap_or_default());
    assert!(strong.contains(">Strong</div>"));
    assert!(
        strong.contains("strong: 33% or more of the points available; meets the bar: 20% or more")
    );
    let markdown = render_markdown(&report, &options(Audience::Interviewer));
    assert!(markdown.contains("## Summary: below the bar\n\n**15 / 45 points (33%)**"));
}

#[test]
fn a_cohort_is_sorted_and_names_every_candidate_apart() {
    let entries = vec![
        CohortEntry {
            source: "a/starter.json".to_owned(),
            report: fixture("q1-starter.json"),
        },
        CohortEntry {
            source: "solution.json".to_owned(),
            report: fixture("q1-solution.json"),
        },
        CohortEntry {
            source: "b/starter.json".to_owned(),
            report: fixture("q1-starter.json"),
        },
    ];
    let cohort = cohort(entries, Bands::default()).unwrap_or_else(|error| panic!("{error}"));
    let labels: Vec<&str> = cohort.rows.iter().map(|row| row.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "solutions/q1-products",
            "starters/q1-products [a/starter.json]",
            "starters/q1-products [b/starter.json]",
        ]
    );
    insta::assert_snapshot!(render_compare_text(&cohort));
    let html = render_compare_html(&cohort);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("starters/q1-products [b/starter.json]"));
    // Every run created with 201: the check told nothing about this cohort.
    assert!(html.contains("<h2>How each check separated the cohort</h2>"));
    assert!(html.contains("flagged flag-all_pass"));
}

#[test]
fn a_cohort_refuses_to_mix_exercises() {
    let mut other = fixture("q1-starter.json");
    other.exercise = "q2-auth".to_owned();
    let error = cohort(
        vec![
            CohortEntry {
                source: "alice.json".to_owned(),
                report: fixture("q1-starter.json"),
            },
            CohortEntry {
                source: "bob.json".to_owned(),
                report: other,
            },
        ],
        Bands::default(),
    )
    .err();
    assert_eq!(
        error.as_deref(),
        Some(
            "cannot compare reports of different exercises: alice.json is q1-products, bob.json is q2-auth"
        )
    );
}

#[test]
fn only_v1_reports_are_read() {
    assert!(
        Report::from_json(r#"{"schema": "interview-kit/report/v2"}"#)
            .is_err_and(|error| error.contains("`interview-kit/report/v2`"))
    );
    assert!(Report::from_json("{}").is_err_and(|error| error.contains("no `schema`")));
    assert!(Report::from_json("[1]").is_err());
    assert!(
        Report::from_json(r#"{"schema": "interview-kit/report/v1"}"#)
            .is_err_and(|error| error.starts_with("a malformed"))
    );
}
