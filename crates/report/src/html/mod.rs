//! The HTML report: one self-contained page (inline CSS, no script, no font or
//! image to fetch) a hiring manager opens or prints. The first printed page
//! is the summary: header, band, score per criterion, strengths and gaps; the
//! check-by-check evidence follows, folded in `<details>`.
//!
//! Written with maud: the templates are checked when the kit compiles and
//! every `(expr)` splice is escaped. Report text goes in as [`Text`], which
//! adds `'` and drops control characters. `PreEscaped` wraps only the
//! stylesheets, which are ours: never text from a report, which the
//! candidate's program writes.

mod cohort;
mod text;

use maud::{DOCTYPE, Markup, PreEscaped, html};

pub use cohort::render_compare_html;
pub(crate) use text::Text;

use crate::bands::{Audience, Band};
use crate::view::{
    CheckGroup, CheckView, ExchangeView, Highlight, MANUAL_REVIEW_HINT, NotGraded, QUESTIONS_HINT,
    RenderOptions, ReportView, ReviewView, SIGNALS_HINT, ScoreView, ServiceView, SignalsView, Tone,
    paragraphs,
};
use crate::{ProposedQuestion, Report};

/// The report's stylesheet. Light colours only, so that the page prints on
/// any printer; the bars and badges keep their colours on paper
/// (`print-color-adjust: exact`).
pub(crate) const REPORT_CSS: &str = include_str!("report.css");

pub fn render_html(report: &Report, options: &RenderOptions) -> String {
    page(&ReportView::build(report, options)).into_string()
}

fn page(view: &ReportView) -> Markup {
    let header = &view.header;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "interview-kit " (Text(&view.kit_version)) };
                title {
                    (Text(&header.exercise_title)) " · " (Text(&header.target_label()))
                }
                style { (PreEscaped(REPORT_CSS)) }
            }
            body {
                main {
                    header {
                        p.kicker { (header.kicker) }
                        h1 {
                            (Text(&header.exercise_title)) " "
                            span.exercise-id { (Text(&header.exercise)) }
                        }
                        dl.meta {
                            @for (label, value) in &header.meta {
                                div { dt { (label) } dd { (Text(value)) } }
                            }
                        }
                    }
                    @if let Some(score) = &view.score {
                        (band(score))
                    }
                    @if let Some((met, counted)) = view.met {
                        section.overview aria-label="summary" {
                            div.verdict { "You met " (met) " of " (counted) " requirements" }
                            p.rule { "Below: which requirements passed and which did not, then for each one that did not, the request that showed it and what your service answered." }
                        }
                    }
                    @if let Some(not_graded) = &view.not_graded {
                        (not_graded_section(not_graded))
                    }
                    @if view.completed {
                        @if let Some(score) = &view.score {
                            (criteria_bars(score))
                        }
                        (strengths_and_gaps(view))
                    }
                    @if let Some(review) = &view.review {
                        (review_section(review))
                    }
                    @if let Some(signals) = &view.signals {
                        (signals_section(signals))
                    }
                    @if !view.questions.is_empty() {
                        (questions_section(&view.questions))
                    }
                    @if !view.detailed.is_empty() {
                        (checks_section(&view.detailed, view.audience))
                    }
                    @if let Some(service) = &view.service {
                        (service_section(service))
                    }
                    footer {
                        "Made by interview-kit " (Text(&view.kit_version))
                        " from a report of schema " (Text(&view.schema)) "."
                    }
                }
            }
        }
    }
}

fn band(score: &ScoreView) -> Markup {
    let (token, verdict) = match score.band {
        Some(band) => (band.token(), capitalise(band.label())),
        None => ("none", "No band: no check counted".to_owned()),
    };
    html! {
        section class={ "band band-" (token) } aria-label="summary" {
            div.verdict { (verdict) }
            div.total {
                strong { (score.points) } " / " (score.max) " points "
                span.percent { "(" (score.percent) "%)" }
            }
            p.rule { (Text(&score.bands_sentence)) }
        }
    }
}

fn not_graded_section(not_graded: &NotGraded) -> Markup {
    html! {
        section.alert {
            h2 { "Not graded" }
            p { (Text(&not_graded.reason)) }
            p { "No check could run, so every check scores 0." }
            @if let Some(log) = &not_graded.build_log {
                p.label { "Build output (last lines)" }
                pre { (Text(log)) }
            }
        }
    }
}

fn criteria_bars(score: &ScoreView) -> Markup {
    html! {
        section.criteria {
            h2 { "Score per criterion" }
            table {
                @for criterion in &score.criteria {
                    tr {
                        th scope="row" { (Text(&criterion.title)) }
                        td.bar {
                            div.track role="img"
                                aria-label={ (criterion.points) " of " (criterion.max) " points" } {
                                div class={ "fill fill-" (criterion.band.map_or("none", Band::token)) }
                                    style={ "width:" (format!("{:.1}", criterion.share())) "%" } {}
                            }
                        }
                        td.points { (criterion.points) " / " (criterion.max) }
                    }
                }
                tr.sum {
                    th scope="row" { "Total" }
                    td {}
                    td.points { (score.points) " / " (score.max) }
                }
            }
        }
    }
}

fn strengths_and_gaps(view: &ReportView) -> Markup {
    let (good, bad) = match view.audience {
        Audience::Interviewer => ("Strengths", "Gaps"),
        Audience::Candidate => ("Requirements met", "Requirements not met"),
    };
    html! {
        section.highlights {
            (highlight_column(good, "good", &view.strengths, "None of the checks passed."))
            (highlight_column(bad, "bad", &view.gaps, "None: every check passed."))
        }
    }
}

fn highlight_column(title: &str, tone: &str, groups: &[Highlight], empty: &str) -> Markup {
    html! {
        div class={ "column " (tone) } {
            h2 { (title) }
            @if groups.is_empty() {
                p.muted { (empty) }
            }
            @for group in groups {
                h3 {
                    (Text(&group.criterion)) " "
                    span.muted { (Text(&group.summary)) }
                }
                ul {
                    @for item in &group.items {
                        li { (Text(item)) }
                    }
                    @if group.more > 0 {
                        li.muted { "and " (group.more) " more (see below)" }
                    }
                    @if group.not_tested > 0 {
                        li.muted { (group.not_tested_line()) }
                    }
                }
            }
        }
    }
}

fn checks_section(groups: &[CheckGroup], audience: Audience) -> Markup {
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
    html! {
        section.checks {
            h2 { (title) }
            p.hint { (Text(hint)) }
            @for group in groups {
                h3 { (Text(&group.criterion)) }
                @for check in &group.checks {
                    (one_check(check))
                }
            }
        }
    }
}

fn one_check(check: &CheckView) -> Markup {
    let passed = check.status.is_pass();
    html! {
        details class={ "check st-" (check.token) } {
            summary {
                span.badge { (check.label) } " "
                span.title { (Text(&check.title)) }
                @if let Some(detail) = &check.detail {
                    " " span.points { (detail.points) " / " (detail.max) }
                }
                @if !passed {
                    span.message { (Text(&check.message)) }
                }
            }
            div.body {
                @if let Some(detail) = &check.detail {
                    p.id {
                        code { (Text(&detail.id)) }
                        " · " (detail.kind) " · " (check.status) " · " (detail.duration_ms) " ms"
                    }
                    @if passed {
                        p { (Text(&check.message)) }
                    }
                }
                @if check.evidence.is_empty() {
                    p.muted { "No HTTP request recorded." }
                }
                @for exchange in &check.evidence {
                    (one_exchange(exchange))
                }
                @if check.evidence_omitted > 0 {
                    p.muted { (check.evidence_omitted) " more requests not shown." }
                }
                @if let Some(detail) = check.detail.as_ref().filter(|detail| !detail.notes.is_empty()) {
                    p.label { "Notes" }
                    @for note in &detail.notes {
                        pre.note { (Text(note)) }
                    }
                }
            }
        }
    }
}

fn one_exchange(exchange: &ExchangeView) -> Markup {
    let expected = &exchange.exchange.expected;
    html! {
        div class={ "exchange " (if exchange.failed { "failed" } else { "ok" }) } {
            p.line { (if exchange.failed { "✗ " } else { "✓ " }) (Text(&exchange.line)) }
            div.http {
                div { p.label { "Request" } pre { (Text(&exchange.request)) } }
                div { p.label { "Response" } pre { (Text(&exchange.response)) } }
            }
            @if !expected.is_empty() {
                ul.expected {
                    @for expectation in expected {
                        @let (class, mark) = if expectation.met { ("met", "✓") } else { ("unmet", "✗") };
                        li class=(class) { (mark) " expected " (Text(&expectation.text)) }
                    }
                }
            }
            @if let Some(curl) = &exchange.curl {
                p.reproduce { "reproduce: " code { (Text(curl)) } }
            }
        }
    }
}

fn review_section(review: &ReviewView) -> Markup {
    match review {
        ReviewView::Pending(items) => html! {
            section.review {
                h2 { "For the interviewer to review" }
                p.hint { "Not scored by the kit: read the code for these (" code { "cargo kit review" } " writes the rubric)." }
                @for item in items {
                    h3 { (Text(&item.title)) }
                    (list(&item.look_for))
                }
            }
        },
        ReviewView::Reviewed {
            done,
            all,
            reviewer,
            summary,
            criteria,
        } => html! {
            section.manual-review {
                h2 { "Interviewer review " span.muted { (done) " of " (all) " criteria" } }
                p.hint { (Text(MANUAL_REVIEW_HINT)) }
                @if let Some(reviewer) = reviewer {
                    p.reviewer { "Reviewer: " (Text(reviewer)) }
                }
                @for paragraph in summary.iter().flat_map(|summary| paragraphs(summary)) {
                    p.summary { (Text(&paragraph)) }
                }
                table {
                    @for criterion in criteria {
                        @let token = criterion.level.map_or_else(|| "level-none".to_owned(), |level| format!("level-{level}"));
                        tr {
                            th scope="row" { (Text(&criterion.title)) }
                            td.level { span class={ "pill " (token) } { (Text(&criterion.level_line)) } }
                            td {
                                @if let Some(anchor) = &criterion.anchor {
                                    p.anchor { (Text(anchor)) }
                                }
                                @for paragraph in paragraphs(&criterion.notes) {
                                    p.notes { (Text(&paragraph)) }
                                }
                                @if criterion.level.is_none() {
                                    (list(&criterion.look_for))
                                }
                            }
                        }
                    }
                }
            }
        },
    }
}

fn list(points: &[String]) -> Markup {
    html! {
        ul {
            @for point in points {
                li { (Text(point)) }
            }
        }
    }
}

fn signals_section(signals: &SignalsView) -> Markup {
    html! {
        section.signals {
            h2 { "Code signals" }
            p.hint { (Text(SIGNALS_HINT)) }
            table {
                @for row in &signals.rows {
                    @let tone = match row.tone {
                        Tone::Fine => "fine",
                        Tone::Ask => "ask",
                        Tone::Unknown => "unknown",
                    };
                    tr class=(tone) {
                        th scope="row" { (Text(row.label)) }
                        td {
                            (Text(&row.value))
                            @if !row.examples.is_empty() {
                                details {
                                    summary { "where" }
                                    pre { (Text(&row.examples.join("\n"))) }
                                }
                            }
                        }
                    }
                }
            }
            @for note in &signals.notes {
                p.hint { "Note: " (Text(note)) }
            }
        }
    }
}

fn questions_section(questions: &[ProposedQuestion]) -> Markup {
    html! {
        section.questions {
            h2 { "Follow-up questions for the debrief" }
            p.hint { (Text(QUESTIONS_HINT)) }
            ol {
                @for question in questions {
                    li {
                        p.ask {
                            (Text(&question.ask)) " "
                            span.muted { "(" (Text(&question.topic)) ", " (Text(&question.level)) ")" }
                        }
                        p.why { "Why: " (Text(&question.because)) }
                        p.label { "Listen for" }
                        (list(&question.good_answer))
                        @if !question.red_flags.is_empty() {
                            p.label { "Red flags" }
                            (list(&question.red_flags))
                        }
                        @if let Some(follow_up) = &question.follow_up {
                            p.then { "Then: " (Text(follow_up)) }
                        }
                    }
                }
            }
        }
    }
}

fn service_section(service: &ServiceView) -> Markup {
    html! {
        section.service {
            h2 { "The service" }
            @if let Some(stats) = &service.stats {
                p { "Ready in " (stats.startup_ms) " ms, started " (stats.starts) " time(s), printed " (stats.output_bytes) " bytes." }
            }
            @if let Some(output) = &service.output {
                p.label { "Its last output" }
                pre { (Text(output)) }
            }
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
