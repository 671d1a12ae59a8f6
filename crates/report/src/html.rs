//! The HTML report: one self-contained page (inline CSS, no script, no font or
//! image to fetch) a hiring manager opens or prints. The first printed page
//! is the summary: header, band, score per criterion, strengths and gaps; the
//! check-by-check evidence follows, folded in `<details>`.
//!
//! Every text taken from the report goes through [`escape::html`]: messages
//! and evidence are written by the candidate's program.

use std::fmt::Write as _;

use crate::bands::{Audience, Band, percent};
use crate::escape::html as esc;
use crate::evidence::Exchange;
use crate::status::Status;
use crate::text::curl_line;
use crate::view::{
    self, Highlight, MANUAL_REVIEW_HINT, QUESTIONS_HINT, RenderOptions, SIGNALS_HINT, Tone,
    bands_sentence, by_criterion, exchange_line, highlights, level_line, look_for_of, lost,
    meta_lines, paragraphs, request_text, response_text, signal_rows, status_label, status_token,
};
use crate::{CheckResult, ManualReview, Report, RunStatus};

pub fn render_html(report: &Report, options: &RenderOptions) -> String {
    let audience = options.audience;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"interview-kit {}\">\n<title>{} · {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        esc(&report.kit_version),
        esc(&report.exercise_title),
        esc(&view::target_label(&report.target)),
        STYLE
    );
    header(&mut out, report, audience);
    match audience {
        Audience::Interviewer => band(&mut out, report, options),
        Audience::Candidate => candidate_summary(&mut out, report),
    }
    not_graded(&mut out, report);
    if audience == Audience::Interviewer && report.status == RunStatus::Completed {
        criteria_bars(&mut out, report, options);
    }
    strengths_and_gaps(&mut out, report, audience);
    if audience == Audience::Interviewer {
        review(&mut out, report);
        signals(&mut out, report);
        questions(&mut out, report);
    }
    checks(&mut out, report, audience);
    service(&mut out, report, audience);
    let _ = write!(
        out,
        "<footer>Made by interview-kit {} from a report of schema {}.</footer>\n</main>\n</body>\n</html>\n",
        esc(&report.kit_version),
        esc(&report.schema)
    );
    out
}

fn header(out: &mut String, report: &Report, audience: Audience) {
    let kicker = match audience {
        Audience::Interviewer => "interview-kit report · for the hiring team",
        Audience::Candidate => "interview-kit report · your results",
    };
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">{kicker}</p>\n<h1>{} <span class=\"exercise-id\">{}</span></h1>\n<dl class=\"meta\">\n",
        esc(&report.exercise_title),
        esc(&report.exercise)
    );
    for (label, value) in meta_lines(report, audience) {
        let _ = writeln!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", esc(&value));
    }
    out.push_str("</dl>\n</header>\n");
}

fn band(out: &mut String, report: &Report, options: &RenderOptions) {
    let band = options.bands.band(report);
    let (token, verdict) = match band {
        Some(band) => (band.token(), capitalise(band.label())),
        None => ("none", "No band: no check counted".to_owned()),
    };
    let _ = write!(
        out,
        "<section class=\"band band-{token}\" aria-label=\"summary\">\n\
         <div class=\"verdict\">{verdict}</div>\n\
         <div class=\"total\"><strong>{}</strong> / {} points <span class=\"percent\">({}%)</span></div>\n\
         <p class=\"rule\">{}</p>\n</section>\n",
        report.score.points,
        report.score.max,
        percent(report.score.points, report.score.max),
        esc(&bands_sentence(&options.bands))
    );
}

fn candidate_summary(out: &mut String, report: &Report) {
    if report.status == RunStatus::Error {
        return;
    }
    let counted = report
        .checks
        .iter()
        .filter(|check| check.status != Status::Skipped)
        .count();
    let met = report
        .checks
        .iter()
        .filter(|check| check.status == Status::Pass)
        .count();
    let _ = write!(
        out,
        "<section class=\"overview\" aria-label=\"summary\">\n\
         <div class=\"verdict\">You met {met} of {counted} requirements</div>\n\
         <p class=\"rule\">Below: which requirements passed and which did not, then for each one that did not, the request that showed it and what your service answered.</p>\n</section>\n"
    );
}

fn not_graded(out: &mut String, report: &Report) {
    if report.status != RunStatus::Error {
        return;
    }
    let reason = report.error.as_deref().unwrap_or("unknown error");
    let _ = write!(
        out,
        "<section class=\"alert\">\n<h2>Not graded</h2>\n<p>{}</p>\n<p>No check could run, so every check scores 0.</p>\n",
        esc(reason)
    );
    if let Some(log) = view::failed_build_log(report) {
        let _ = write!(
            out,
            "<p class=\"label\">Build output (last lines)</p>\n<pre>{}</pre>\n",
            esc(&log)
        );
    }
    out.push_str("</section>\n");
}

fn criteria_bars(out: &mut String, report: &Report, options: &RenderOptions) {
    out.push_str("<section class=\"criteria\">\n<h2>Score per criterion</h2>\n<table>\n");
    for criterion in &report.criteria {
        let share = if criterion.max == 0 {
            0.0
        } else {
            f64::from(criterion.points) * 100.0 / f64::from(criterion.max)
        };
        let token = options
            .bands
            .band_of(criterion.points, criterion.max)
            .map_or("none", Band::token);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"bar\"><div class=\"track\" role=\"img\" aria-label=\"{} of {} points\"><div class=\"fill fill-{token}\" style=\"width:{share:.1}%\"></div></div></td><td class=\"points\">{} / {}</td></tr>",
            esc(&criterion.title),
            criterion.points,
            criterion.max,
            criterion.points,
            criterion.max
        );
    }
    let _ = write!(
        out,
        "<tr class=\"sum\"><th scope=\"row\">Total</th><td></td><td class=\"points\">{} / {}</td></tr>\n</table>\n</section>\n",
        report.score.points, report.score.max
    );
}

fn strengths_and_gaps(out: &mut String, report: &Report, audience: Audience) {
    if report.status == RunStatus::Error {
        return;
    }
    let (strengths, gaps) = highlights(report, audience);
    let (good, bad) = match audience {
        Audience::Interviewer => ("Strengths", "Gaps"),
        Audience::Candidate => ("Requirements met", "Requirements not met"),
    };
    out.push_str("<section class=\"highlights\">\n");
    highlight_column(out, good, "good", &strengths, "None of the checks passed.");
    highlight_column(out, bad, "bad", &gaps, "None: every check passed.");
    out.push_str("</section>\n");
}

fn highlight_column(out: &mut String, title: &str, tone: &str, groups: &[Highlight], empty: &str) {
    let _ = writeln!(out, "<div class=\"column {tone}\">\n<h2>{title}</h2>");
    if groups.is_empty() {
        let _ = writeln!(out, "<p class=\"muted\">{empty}</p>");
    }
    for group in groups {
        let _ = write!(
            out,
            "<h3>{} <span class=\"muted\">{}</span></h3>\n<ul>\n",
            esc(&group.criterion),
            esc(&group.summary)
        );
        for item in &group.items {
            let _ = writeln!(out, "<li>{}</li>", esc(item));
        }
        if group.more > 0 {
            let _ = writeln!(
                out,
                "<li class=\"muted\">and {} more (see below)</li>",
                group.more
            );
        }
        if group.not_tested > 0 {
            let _ = writeln!(
                out,
                "<li class=\"muted\">{}</li>",
                view::not_tested_line(group)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

fn checks(out: &mut String, report: &Report, audience: Audience) {
    if report.status == RunStatus::Error {
        return;
    }
    let groups: Vec<(String, Vec<&CheckResult>)> = by_criterion(report)
        .into_iter()
        .map(|(title, checks)| {
            let shown = checks
                .into_iter()
                .filter(|check| match audience {
                    Audience::Interviewer => true,
                    // The candidate sees the evidence of what did not pass;
                    // blocked checks have none, they are listed above.
                    Audience::Candidate => lost(check) && check.status != Status::Blocked,
                })
                .collect();
            (title, shown)
        })
        .filter(|(_, checks): &(String, Vec<&CheckResult>)| !checks.is_empty())
        .collect();
    if groups.is_empty() {
        return;
    }
    let (title, hint) = match audience {
        Audience::Interviewer => (
            "Check by check",
            "Open a check to see its requests, what came back and what was expected. Printing prints the checks as they are shown: open the ones you want on paper.",
        ),
        Audience::Candidate => (
            "What did not pass, and what your service answered",
            "Open a requirement to see the requests, your service's answers and what was expected. `reproduce` lines assume BASE is where your service listens, e.g. BASE=http://127.0.0.1:8080",
        ),
    };
    let _ = write!(
        out,
        "<section class=\"checks\">\n<h2>{title}</h2>\n<p class=\"hint\">{}</p>\n",
        esc(hint)
    );
    for (criterion, checks) in groups {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&criterion));
        for check in checks {
            one_check(out, check, audience);
        }
    }
    out.push_str("</section>\n");
}

fn one_check(out: &mut String, check: &CheckResult, audience: Audience) {
    let token = status_token(check.status);
    let _ = write!(
        out,
        "<details class=\"check st-{token}\">\n<summary><span class=\"badge\">{}</span> <span class=\"title\">{}</span>",
        status_label(check.status, audience),
        esc(&check.title)
    );
    if audience == Audience::Interviewer {
        let _ = write!(
            out,
            " <span class=\"points\">{} / {}</span>",
            check.points, check.max
        );
    }
    if check.status != Status::Pass {
        let _ = write!(
            out,
            "<span class=\"message\">{}</span>",
            esc(&check.message)
        );
    }
    out.push_str("</summary>\n<div class=\"body\">\n");
    if audience == Audience::Interviewer {
        let _ = writeln!(
            out,
            "<p class=\"id\"><code>{}</code> · {} · {} · {} ms</p>",
            esc(&check.id),
            check.kind,
            check.status,
            check.duration_ms
        );
        if check.status == Status::Pass {
            let _ = writeln!(out, "<p>{}</p>", esc(&check.message));
        }
    }
    if check.evidence.is_empty() {
        out.push_str("<p class=\"muted\">No HTTP request recorded.</p>\n");
    }
    for exchange in &check.evidence {
        one_exchange(out, exchange);
    }
    if check.evidence_omitted > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} more requests not shown.</p>",
            check.evidence_omitted
        );
    }
    if audience == Audience::Interviewer && !check.notes.is_empty() {
        out.push_str("<p class=\"label\">Notes</p>\n");
        for note in &check.notes {
            let _ = writeln!(out, "<pre class=\"note\">{}</pre>", esc(note));
        }
    }
    out.push_str("</div>\n</details>\n");
}

fn one_exchange(out: &mut String, exchange: &Exchange) {
    let class = if exchange.failed() { "failed" } else { "ok" };
    let _ = write!(
        out,
        "<div class=\"exchange {class}\">\n<p class=\"line\">{}{}</p>\n<div class=\"http\"><div><p class=\"label\">Request</p><pre>{}</pre></div><div><p class=\"label\">Response</p><pre>{}</pre></div></div>\n",
        if exchange.failed() { "✗ " } else { "✓ " },
        esc(&exchange_line(exchange)),
        esc(&request_text(exchange)),
        esc(&response_text(exchange))
    );
    if !exchange.expected.is_empty() {
        out.push_str("<ul class=\"expected\">\n");
        for expectation in &exchange.expected {
            let (class, mark) = if expectation.met {
                ("met", "✓")
            } else {
                ("unmet", "✗")
            };
            let _ = writeln!(
                out,
                "<li class=\"{class}\">{mark} expected {}</li>",
                esc(&expectation.text)
            );
        }
        out.push_str("</ul>\n");
    }
    if exchange.failed()
        && let Some(curl) = curl_line(exchange)
    {
        let _ = writeln!(
            out,
            "<p class=\"reproduce\">reproduce: <code>{}</code></p>",
            esc(&curl)
        );
    }
    out.push_str("</div>\n");
}

fn review(out: &mut String, report: &Report) {
    if let Some(review) = &report.manual_review {
        manual_review(out, report, review);
        return;
    }
    if report.review.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"review\">\n<h2>For the interviewer to review</h2>\n<p class=\"hint\">Not scored by the kit: read the code for these (<code>kit review</code> writes the rubric).</p>\n",
    );
    for item in &report.review {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&item.title));
        look_for(out, &item.look_for);
    }
    out.push_str("</section>\n");
}

fn look_for(out: &mut String, points: &[String]) {
    out.push_str("<ul>\n");
    for point in points {
        let _ = writeln!(out, "<li>{}</li>", esc(point));
    }
    out.push_str("</ul>\n");
}

fn manual_review(out: &mut String, report: &Report, review: &ManualReview) {
    let (done, all) = review.reviewed();
    let _ = write!(
        out,
        "<section class=\"manual-review\">\n<h2>Interviewer review <span class=\"muted\">{done} of {all} criteria</span></h2>\n<p class=\"hint\">{}</p>\n",
        esc(MANUAL_REVIEW_HINT)
    );
    if let Some(reviewer) = &review.reviewer {
        let _ = writeln!(out, "<p class=\"reviewer\">Reviewer: {}</p>", esc(reviewer));
    }
    for paragraph in review
        .summary
        .iter()
        .flat_map(|summary| paragraphs(summary))
    {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", esc(&paragraph));
    }
    out.push_str("<table>\n");
    for criterion in &review.criteria {
        let (token, shown) = match criterion.level {
            Some(level) => (format!("level-{level}"), level_line(criterion)),
            None => ("level-none".to_owned(), "not reviewed".to_owned()),
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"level\"><span class=\"pill {token}\">{}</span></td><td>",
            esc(&criterion.title),
            esc(&shown)
        );
        if let Some(anchor) = &criterion.anchor {
            let _ = write!(out, "<p class=\"anchor\">{}</p>", esc(anchor));
        }
        for paragraph in paragraphs(&criterion.notes) {
            let _ = write!(out, "<p class=\"notes\">{}</p>", esc(&paragraph));
        }
        if criterion.level.is_none() {
            look_for(out, look_for_of(report, criterion));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n</section>\n");
}

fn signals(out: &mut String, report: &Report) {
    let Some(signals) = &report.signals else {
        return;
    };
    let _ = write!(
        out,
        "<section class=\"signals\">\n<h2>Code signals</h2>\n<p class=\"hint\">{}</p>\n<table>\n",
        esc(SIGNALS_HINT)
    );
    for row in signal_rows(signals) {
        let tone = match row.tone {
            Tone::Fine => "fine",
            Tone::Ask => "ask",
            Tone::Unknown => "unknown",
        };
        let _ = write!(
            out,
            "<tr class=\"{tone}\"><th scope=\"row\">{}</th><td>{}",
            esc(row.label),
            esc(&row.value)
        );
        if !row.examples.is_empty() {
            let _ = write!(
                out,
                "<details><summary>where</summary><pre>{}</pre></details>",
                esc(&row.examples.join("\n"))
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
    for note in &signals.notes {
        let _ = writeln!(out, "<p class=\"hint\">Note: {}</p>", esc(note));
    }
    out.push_str("</section>\n");
}

fn questions(out: &mut String, report: &Report) {
    if report.questions.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section class=\"questions\">\n<h2>Follow-up questions for the debrief</h2>\n<p class=\"hint\">{}</p>\n<ol>\n",
        esc(QUESTIONS_HINT)
    );
    for question in &report.questions {
        let _ = write!(
            out,
            "<li><p class=\"ask\">{} <span class=\"muted\">({}, {})</span></p>\n<p class=\"why\">Why: {}</p>\n<p class=\"label\">Listen for</p>\n",
            esc(&question.ask),
            esc(&question.topic),
            esc(&question.level),
            esc(&question.because)
        );
        look_for(out, &question.good_answer);
        if !question.red_flags.is_empty() {
            out.push_str("<p class=\"label\">Red flags</p>\n");
            look_for(out, &question.red_flags);
        }
        if let Some(follow_up) = &question.follow_up {
            let _ = writeln!(out, "<p class=\"then\">Then: {}</p>", esc(follow_up));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn service(out: &mut String, report: &Report, audience: Audience) {
    let output = view::troubled_output(report);
    let Some(service) = &report.service else {
        return;
    };
    if audience == Audience::Candidate && output.is_none() {
        return;
    }
    out.push_str("<section class=\"service\">\n<h2>The service</h2>\n");
    if audience == Audience::Interviewer {
        let _ = writeln!(
            out,
            "<p>Ready in {} ms, started {} time(s), printed {} bytes.</p>",
            service.startup_ms, service.starts, service.output_bytes
        );
    }
    if let Some(output) = output {
        let _ = write!(
            out,
            "<p class=\"label\">Its last output</p>\n<pre>{}</pre>\n",
            esc(&output)
        );
    }
    out.push_str("</section>\n");
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Light colours only, so that the page prints on any printer; the bars and
/// badges keep their colours on paper (`print-color-adjust: exact`).
pub(super) const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --paper: #ffffff;
  --good: #1f7a4d; --good-bg: #e6f4ec; --mid: #8a5a00; --mid-bg: #fdf3dc;
  --bad: #b3261e; --bad-bg: #fbe9e7; --info-bg: #eef2f8; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { background: var(--paper); }
body { margin: 0; color: var(--ink); background: var(--paper);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 28px 32px 40px; }
h1 { font-size: 26px; margin: 0 0 10px; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, pre { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
pre { margin: 0; padding: 8px 10px; background: #f6f7f9; border: 1px solid var(--line); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
section { margin: 0 0 22px; }
.muted, .hint { color: var(--muted); font-weight: normal; }
.hint { font-size: 13px; margin: -4px 0 12px; }
.label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 8px 0 3px; }
.kicker { margin: 0 0 4px; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
.exercise-id { font-size: 15px; font-weight: normal; color: var(--muted); }
header { border-bottom: 2px solid var(--ink); padding-bottom: 12px; margin-bottom: 18px; }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 4px 18px; margin: 0; }
.meta div { min-width: 0; }
.meta dt { font-size: 12px; color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.band, .overview { border: 1px solid var(--line); border-left-width: 8px; border-radius: 6px; padding: 12px 18px;
  display: grid; grid-template-columns: auto 1fr; gap: 2px 24px; align-items: baseline; background: var(--info-bg); }
.band .verdict, .overview .verdict { font-size: 24px; font-weight: 700; }
.band .total { font-size: 18px; }
.band .total strong { font-size: 24px; }
.band .rule, .overview .rule { grid-column: 1 / -1; margin: 4px 0 0; font-size: 12.5px; color: var(--muted); }
.band-strong { border-color: var(--good); background: var(--good-bg); }
.band-strong .verdict { color: var(--good); }
.band-meets { border-color: var(--mid); background: var(--mid-bg); }
.band-meets .verdict { color: var(--mid); }
.band-below { border-color: var(--bad); background: var(--bad-bg); }
.band-below .verdict { color: var(--bad); }
.alert { border: 1px solid var(--bad); border-left-width: 8px; border-radius: 6px; padding: 12px 18px; background: var(--bad-bg); }
.criteria table { width: 100%; border-collapse: collapse; }
.criteria th, .criteria td { padding: 5px 8px 5px 0; border-bottom: 1px solid var(--line); text-align: left; font-weight: normal; }
.criteria th { width: 42%; }
.criteria td.bar { width: 44%; }
.criteria td.points { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.criteria tr.sum th, .criteria tr.sum td { font-weight: 700; border-bottom: 0; }
.track { height: 14px; background: #eceef2; border-radius: 7px; overflow: hidden; border: 1px solid #d3d7df; }
.fill { height: 100%; border-radius: 7px 0 0 7px; background: #7d8797; }
.fill-strong { background: #3f9d6c; }
.fill-meets { background: #d7a23a; }
.fill-below { background: #d2645b; }
.highlights { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.highlights .column { border-top: 4px solid var(--line); padding-top: 8px; min-width: 0; }
.highlights .good { border-top-color: var(--good); }
.highlights .bad { border-top-color: var(--bad); }
.highlights h3 { font-size: 14px; }
.highlights ul { margin: 0 0 6px; padding-left: 20px; }
.highlights li { margin: 1px 0; }
details.check { border: 1px solid var(--line); border-left-width: 5px; border-radius: 4px; margin: 0 0 6px; background: #fff; }
details.check > summary { cursor: pointer; list-style: none; padding: 6px 10px; }
details.check > summary::-webkit-details-marker { display: none; }
details.check > summary::before { content: "▸"; color: var(--muted); margin-right: 6px; }
details.check[open] > summary::before { content: "▾"; }
details.check .title { font-weight: 600; }
details.check .points { float: right; color: var(--muted); font-variant-numeric: tabular-nums; }
details.check .message { display: block; margin: 2px 0 0 18px; color: var(--muted); font-size: 13.5px; overflow-wrap: anywhere; }
details.check .body { padding: 4px 12px 10px 24px; border-top: 1px solid var(--line); }
.badge { display: inline-block; min-width: 64px; text-align: center; font-size: 11.5px; font-weight: 700;
  padding: 1px 6px; border-radius: 9px; text-transform: uppercase; letter-spacing: .03em; }
.check.st-pass { border-left-color: var(--good); }
.st-pass .badge { background: var(--good-bg); color: var(--good); }
.check.st-fail { border-left-color: var(--bad); }
.st-fail .badge { background: var(--bad-bg); color: var(--bad); }
.check.st-error, .check.st-blocked { border-left-color: var(--mid); }
.st-error .badge, .st-blocked .badge { background: var(--mid-bg); color: var(--mid); }
.check.st-skipped { border-left-color: var(--line); }
.st-skipped .badge { background: #eceef2; color: var(--muted); }
.id { font-size: 12.5px; color: var(--muted); margin: 6px 0; }
.exchange { margin: 10px 0 4px; }
.exchange .line { margin: 0 0 4px; font-weight: 600; overflow-wrap: anywhere; }
.exchange.failed .line { color: var(--bad); }
.http { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.http div { min-width: 0; }
.http .label { margin-top: 0; }
.expected { list-style: none; padding: 0; margin: 6px 0 0; font-size: 13.5px; }
.expected .met { color: var(--good); }
.expected .unmet { color: var(--bad); font-weight: 600; }
.reproduce { font-size: 12.5px; margin: 4px 0 0; overflow-wrap: anywhere; }
pre.note { margin-bottom: 4px; }
.manual-review table, .signals table { width: 100%; border-collapse: collapse; }
.manual-review th, .manual-review td, .signals th, .signals td { padding: 5px 8px 5px 0; border-bottom: 1px solid var(--line);
  text-align: left; vertical-align: top; font-weight: normal; }
.manual-review th { width: 30%; font-weight: 600; }
.manual-review td.level { width: 22%; white-space: nowrap; }
.manual-review p { margin: 0 0 4px; }
.manual-review .anchor { color: var(--muted); font-size: 13.5px; }
.pill { display: inline-block; font-size: 12px; font-weight: 700; padding: 1px 8px; border-radius: 9px; background: #eceef2; }
.pill.level-4 { background: var(--good-bg); color: var(--good); }
.pill.level-3 { background: var(--good-bg); color: var(--good); }
.pill.level-2 { background: var(--mid-bg); color: var(--mid); }
.pill.level-1 { background: var(--bad-bg); color: var(--bad); }
.signals th { width: 34%; }
.signals tr.fine td::before { content: "✓ "; color: var(--good); }
.signals tr.ask td::before { content: "? "; color: var(--mid); font-weight: 700; }
.signals details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.questions ol { padding-left: 22px; margin: 0; }
.questions li { margin: 0 0 10px; }
.questions .ask { font-weight: 600; margin: 0 0 2px; }
.questions .why, .questions .then { margin: 2px 0; font-size: 13.5px; }
.questions ul { margin: 0 0 4px; padding-left: 18px; font-size: 13.5px; }
footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media screen and (max-width: 640px) { .highlights, .http { grid-template-columns: 1fr; } main { padding: 16px; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 17pt; margin-bottom: 6px; }
  h2 { font-size: 12pt; margin-bottom: 5px; }
  h3 { font-size: 9.5pt; margin: 7px 0 2px; }
  header { margin-bottom: 10px; padding-bottom: 6px; }
  section { margin-bottom: 12px; }
  .band, .overview { padding: 6px 12px; }
  .band .verdict, .overview .verdict { font-size: 15pt; }
  .band .total { font-size: 11pt; }
  .band .total strong { font-size: 15pt; }
  .band .rule, .overview .rule { font-size: 8pt; }
  .criteria th, .criteria td { padding: 2px 8px 2px 0; }
  .track { height: 10px; }
  .highlights h3 { font-size: 9pt; }
  code, pre { font-size: 8pt; }
  .band, .overview, .alert, .criteria, .exchange, .questions li, .manual-review tr { break-inside: avoid; }
  .highlights { gap: 8mm; }
  .checks { break-before: page; }
  h2, h3, summary { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  footer { break-before: avoid; }
}
"#;
