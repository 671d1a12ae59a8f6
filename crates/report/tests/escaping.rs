//! Text the candidate's program controls (response bodies, headers, reason
//! phrases, its output, its build log, its path, messages quoting it, the
//! names of its tests...) cannot become markup in the HTML report or the
//! cohort page, for either audience: every such field below holds a
//! `<script>` and attribute-breaking quotes, and the pages must show them
//! escaped, never raw.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use kit_report::{
    Audience, Bands, Body, BuildInfo, CheckResult, CodeSignals, CohortEntry, CriterionScore,
    Exchange, Expectation, Kind, Limits, ManualReview, ProposedQuestion, RenderOptions, Report,
    ReviewEntry, ReviewedCriterion, RunStatus, SCHEMA, SandboxInfo, Score, ServiceInfo, SourceHits,
    Status, Target, TestCounts, cohort, render_compare_html, render_html,
};

const SCRIPT: &str = "<script>alert(1)</script>";
const SCRIPT_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";
/// Would close a double-quoted attribute and open an event handler.
const DOUBLE: &str = "\" onmouseover=\"alert(2)";
const DOUBLE_ESCAPED: &str = "&quot; onmouseover=&quot;alert(2)";
/// The same with single quotes, and an entity that must stay text.
const SINGLE: &str = "' onfocus='alert(3)' &amp;";
const SINGLE_ESCAPED: &str = "&#39; onfocus=&#39;alert(3)&#39; &amp;amp;";

/// Every payload at once.
fn evil(what: &str) -> String {
    format!("{what} {SCRIPT} {DOUBLE} {SINGLE}")
}

fn body(what: &str) -> Body {
    Body {
        excerpt: evil(what),
        bytes: 80,
        complete: true,
    }
}

fn exchange(failed: bool) -> Exchange {
    Exchange {
        method: "POST".to_owned(),
        path: format!("/products?q={}", evil("path")),
        source_ip: None,
        request_headers: vec![("x-request".to_owned(), evil("request header"))],
        request_body: Some(Body {
            excerpt: evil("request body"),
            bytes: 40,
            complete: true,
        }),
        status: Some(500),
        response_headers: vec![
            ("content-type".to_owned(), evil("content type")),
            (evil("header name"), evil("header value")),
        ],
        response_body: Some(body("response body")),
        error: None,
        expected: vec![Expectation {
            text: evil("expectation"),
            met: !failed,
        }],
        duration_ms: 3,
    }
}

fn unanswered() -> Exchange {
    Exchange {
        status: None,
        response_headers: Vec::new(),
        response_body: None,
        error: Some(evil("connection reset, reason phrase")),
        expected: Vec::new(),
        ..exchange(true)
    }
}

fn check(id: &str, status: Status) -> CheckResult {
    let passed = status == Status::Pass;
    CheckResult {
        id: format!("q1.{id}.{}", evil("id")),
        title: evil(&format!("title of {id}")),
        criterion: "methods".to_owned(),
        kind: Kind::Core,
        status,
        points: if passed { 5 } else { 0 },
        max: 5,
        message: evil(&format!("message of {id}: the service said")),
        evidence: if status == Status::Blocked {
            Vec::new()
        } else {
            vec![exchange(!passed), unanswered()]
        },
        evidence_omitted: 1,
        notes: vec![evil("note")],
        blocked_by: if status == Status::Blocked {
            vec![format!("q1.fail.{}", evil("id"))]
        } else {
            Vec::new()
        },
        duration_ms: 12,
    }
}

fn hostile_report() -> Report {
    Report {
        schema: SCHEMA.to_owned(),
        exercise: "q1-products".to_owned(),
        exercise_title: evil("exercise title"),
        target: Target::Cargo {
            path: PathBuf::from(format!("candidates/{}", evil("path"))),
        },
        kit_version: evil("version"),
        grader_version: None,
        submission_hash: None,
        started_at: Utc
            .with_ymd_and_hms(2026, 11, 21, 15, 59, 13)
            .single()
            .unwrap_or_default(),
        duration_ms: 6120,
        status: RunStatus::Completed,
        error: None,
        only: vec![evil("only")],
        score: Score { points: 5, max: 30 },
        criteria: vec![
            CriterionScore {
                id: "methods".to_owned(),
                title: evil("criterion"),
                points: 5,
                max: 25,
            },
            CriterionScore {
                id: evil("criterion id"),
                title: evil("second criterion"),
                points: 0,
                max: 5,
            },
        ],
        checks: vec![
            check("pass", Status::Pass),
            check("fail", Status::Fail),
            check("crash", Status::Crash),
            check("timeout", Status::Timeout),
            check("blocked", Status::Blocked),
            check("error", Status::Error),
            check("skipped", Status::Skipped),
            CheckResult {
                criterion: evil("unlisted criterion"),
                kind: Kind::Bonus,
                ..check("elsewhere", Status::Fail)
            },
        ],
        review: vec![ReviewEntry {
            id: "organisation".to_owned(),
            title: evil("review item"),
            look_for: vec![evil("look for")],
            levels: vec![evil("level")],
        }],
        build: Some(BuildInfo {
            duration_ms: 900,
            log_tail: evil("build log"),
        }),
        service: Some(ServiceInfo {
            startup_ms: 80,
            starts: 2,
            output_bytes: 4096,
            output_tail: format!("{}\npanic: {}\n", evil("output"), evil("panic")),
        }),
        sandbox: Some(SandboxInfo {
            mechanism: evil("mechanism"),
            network: evil("network"),
            limits: Some(Limits::SERVICE),
            build_limits: Some(Limits::BUILD),
            visible: vec![evil("visible")],
            warning: Some(evil("warning")),
        }),
        signals: Some(CodeSignals {
            formatted: Some(false),
            clippy_warnings: Some(2),
            tests: Some(TestCounts {
                passed: 1,
                failed: 1,
                ignored: 0,
            }),
            unwraps: SourceHits {
                count: 3,
                examples: vec![format!("src/main.rs:1: {}", evil("unwrap line"))],
            },
            unsafe_code: SourceHits {
                count: 1,
                examples: vec![format!("src/main.rs:2: {}", evil("unsafe line"))],
            },
            notes: vec![format!(
                "failing tests: {}; {}",
                evil("tests::name"),
                evil("the failure's message")
            )],
        }),
        questions: vec![ProposedQuestion {
            id: "http.methods".to_owned(),
            topic: evil("topic"),
            level: evil("level"),
            ask: format!("Your service answered {}: why?", evil("quoted evidence")),
            good_answer: vec![evil("good answer")],
            red_flags: vec![evil("red flag")],
            follow_up: Some(evil("follow-up")),
            because: format!("lost: {}", evil("check title")),
        }],
        manual_review: Some(ManualReview {
            reviewer: Some(evil("reviewer")),
            summary: Some(evil("summary")),
            criteria: vec![
                ReviewedCriterion {
                    id: "organisation".to_owned(),
                    title: evil("reviewed criterion"),
                    level: Some(3),
                    of: 4,
                    level_name: Some(evil("level name")),
                    anchor: Some(evil("anchor")),
                    notes: evil("review notes"),
                },
                ReviewedCriterion {
                    id: "tests".to_owned(),
                    title: evil("review item"),
                    level: None,
                    of: 4,
                    level_name: None,
                    anchor: None,
                    notes: String::new(),
                },
            ],
        }),
    }
}

/// A run that never graded: the build failed, its log is shown.
fn failed_build() -> Report {
    let mut report = hostile_report();
    report.status = RunStatus::Error;
    report.error = Some(format!("the crate did not build: {}", evil("error")));
    report.target = Target::Command {
        command: evil("python3 app.py"),
        dir: PathBuf::from(evil("folder")),
    };
    report
}

fn assert_inert(page: &str, what: &str) {
    let lower = page.to_lowercase();
    assert!(
        !lower.contains("<script"),
        "{what}: a <script> came out unescaped"
    );
    for raw in [
        "\" onmouseover=\"",
        "' onfocus='",
        " onmouseover=\"",
        " onfocus='",
    ] {
        assert!(
            !page.contains(raw),
            "{what}: an attribute was broken: {raw}"
        );
    }
    for escaped in [SCRIPT_ESCAPED, DOUBLE_ESCAPED, SINGLE_ESCAPED] {
        assert!(page.contains(escaped), "{what}: {escaped} is missing");
    }
}

fn options(audience: Audience) -> RenderOptions {
    RenderOptions {
        audience,
        bands: Bands::default(),
    }
}

#[test]
fn the_report_page_shows_candidate_text_escaped_for_both_audiences() {
    for report in [hostile_report(), failed_build()] {
        for audience in [Audience::Interviewer, Audience::Candidate] {
            let page = render_html(&report, &options(audience));
            assert_inert(&page, &format!("{:?} {audience:?}", report.status));
        }
    }
}

#[test]
fn every_hostile_field_reaches_the_interviewers_page_escaped() {
    let page = render_html(&hostile_report(), &options(Audience::Interviewer));
    for field in [
        "exercise title",
        "path",
        "version",
        "only",
        "criterion",
        "title of fail",
        "message of fail: the service said",
        "id",
        "note",
        "request header",
        "request body",
        "content type",
        "header name",
        "header value",
        "response body",
        "expectation",
        "connection reset, reason phrase",
        "unlisted criterion",
        "output",
        "panic",
        "mechanism",
        "warning",
        "unwrap line",
        "unsafe line",
        "tests::name",
        "the failure&#39;s message",
        "quoted evidence",
        "topic",
        "good answer",
        "red flag",
        "follow-up",
        "reviewer",
        "summary",
        "reviewed criterion",
        "level name",
        "anchor",
        "review notes",
        "look for",
    ] {
        assert!(
            page.contains(&format!(
                "{field} {SCRIPT_ESCAPED} {DOUBLE_ESCAPED} {SINGLE_ESCAPED}"
            )),
            "{field} is not on the page, escaped"
        );
    }
    let failed = render_html(&failed_build(), &options(Audience::Interviewer));
    for field in ["build log", "error", "python3 app.py", "folder"] {
        assert!(
            failed.contains(&format!("{field} {SCRIPT_ESCAPED}")),
            "{field} is not on the page, escaped"
        );
    }
}

#[test]
fn the_candidates_page_shows_their_evidence_escaped() {
    let page = render_html(&hostile_report(), &options(Audience::Candidate));
    for field in [
        "message of fail: the service said",
        "response body",
        "header value",
        "connection reset, reason phrase",
        "panic",
    ] {
        assert!(
            page.contains(&format!("{field} {SCRIPT_ESCAPED}")),
            "{field} is not on the candidate's page, escaped"
        );
    }
}

#[test]
fn the_cohort_page_shows_candidate_text_escaped() {
    let mut second = hostile_report();
    second.target = Target::Cargo {
        path: PathBuf::from(evil("another")),
    };
    let entries = vec![
        CohortEntry {
            source: evil("a.json"),
            report: hostile_report(),
        },
        CohortEntry {
            source: evil("b.json"),
            report: second,
        },
        CohortEntry {
            source: evil("c.json"),
            report: failed_build(),
        },
    ];
    let cohort = cohort(entries, Bands::default()).unwrap_or_else(|error| panic!("{error}"));
    let page = render_compare_html(&cohort);
    assert_inert(&page, "cohort");
    // Criterion ids go into a `title` attribute.
    assert!(page.contains(&format!(
        "title=\"criterion id {SCRIPT_ESCAPED} {DOUBLE_ESCAPED}"
    )));
    for field in ["a.json", "another", "exercise title", "second criterion"] {
        assert!(
            page.contains(&format!("{field} {SCRIPT_ESCAPED}")),
            "{field} is not on the cohort page, escaped"
        );
    }
}
