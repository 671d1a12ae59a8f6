//! JUnit XML, for CI dashboards: one `<testsuite>` for the exercise, one
//! `<testcase>` per check (`classname` = criterion id, `name` = check id).
//! `fail`, `crash`, `timeout` and `blocked` are `<failure>`s, the grader's own
//! `error` an `<error>`, `skipped` a `<skipped/>`. Points are properties.

use std::fmt::Write as _;

use crate::escape::{xml_attr as attr, xml_text as text};
use crate::status::Status;
use crate::view::{exchange_line, request_text, response_text};
use crate::{CheckResult, Report, RunStatus};

pub fn render_junit(report: &Report) -> String {
    let count = |wanted: &[Status]| {
        report
            .checks
            .iter()
            .filter(|check| wanted.contains(&check.status))
            .count()
    };
    let tests = report.checks.len();
    let failures = count(&[
        Status::Fail,
        Status::Crash,
        Status::Timeout,
        Status::Blocked,
    ]);
    let errors = count(&[Status::Error]);
    let skipped = count(&[Status::Skipped]);
    let time = seconds(report.duration_ms);
    let timestamp = report.started_at.format("%Y-%m-%dT%H:%M:%S");

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"interview-kit\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{time}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{time}\" timestamp=\"{timestamp}\">",
        attr(&report.exercise)
    );
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("exercise_title", report.exercise_title.clone()),
        ("target", report.target.describe()),
        ("kit_version", report.kit_version.clone()),
        ("status", run_status(report.status).to_owned()),
        ("points", report.score.points.to_string()),
        ("max", report.score.max.to_string()),
    ] {
        property(&mut out, "      ", name, &value);
    }
    for criterion in &report.criteria {
        property(
            &mut out,
            "      ",
            &format!("criterion.{}", criterion.id),
            &format!("{} / {}", criterion.points, criterion.max),
        );
    }
    if !report.only.is_empty() {
        property(&mut out, "      ", "only", &report.only.join(","));
    }
    if let Some(sandbox) = &report.sandbox {
        property(&mut out, "      ", "sandbox", &sandbox.summary());
        if let Some(warning) = &sandbox.warning {
            property(&mut out, "      ", "sandbox_warning", warning);
        }
    }
    out.push_str("    </properties>\n");
    for check in &report.checks {
        testcase(&mut out, check);
    }
    if let Some(error) = &report.error {
        let _ = writeln!(out, "    <system-err>{}</system-err>", text(error));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn run_status(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Completed => "completed",
        RunStatus::Error => "error",
    }
}

fn testcase(out: &mut String, check: &CheckResult) {
    let _ = writeln!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\">",
        attr(&check.criterion),
        attr(&check.id),
        seconds(check.duration_ms)
    );
    out.push_str("      <properties>\n");
    property(out, "        ", "title", &check.title);
    property(out, "        ", "kind", &check.kind.to_string());
    property(out, "        ", "points", &check.points.to_string());
    property(out, "        ", "max", &check.max.to_string());
    out.push_str("      </properties>\n");
    match check.status {
        Status::Pass => {}
        Status::Skipped => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", attr(&check.message));
        }
        status => {
            let element = if status == Status::Error {
                "error"
            } else {
                "failure"
            };
            let _ = writeln!(
                out,
                "      <{element} message=\"{}\" type=\"{status}\">{}</{element}>",
                attr(&check.message),
                text(&details(check))
            );
        }
    }
    if !check.notes.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            text(&check.notes.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// The failure's body: the title, then each failed exchange as HTTP text.
fn details(check: &CheckResult) -> String {
    let mut body = format!("{}\n{}", check.title, check.message);
    for exchange in check.evidence.iter().filter(|exchange| exchange.failed()) {
        let _ = write!(
            body,
            "\n\n{}\n--- request\n{}\n--- response\n{}",
            exchange_line(exchange),
            request_text(exchange),
            response_text(exchange)
        );
        for expectation in &exchange.expected {
            let _ = write!(
                body,
                "\n{} expected {}",
                if expectation.met { "✓" } else { "✗" },
                expectation.text
            );
        }
    }
    body
}

fn property(out: &mut String, indent: &str, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "{indent}<property name=\"{}\" value=\"{}\"/>",
        attr(name),
        attr(value)
    );
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}
