//! The cohort page: several reports of one exercise side by side, best
//! first, on the report's stylesheet plus its own (`cohort.css`).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::bands::Band;
use crate::cohort_stats::{CohortStats, cohort_stats};
use crate::compare::{Cohort, band_cell, total_cell};
use crate::html::{REPORT_CSS, Text};

/// What the cohort table adds to the report's stylesheet.
const COHORT_CSS: &str = include_str!("cohort.css");

pub fn render_compare_html(cohort: &Cohort) -> String {
    let reports = cohort.rows.len();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Cohort · " (Text(&cohort.exercise_title)) }
                style { (PreEscaped(REPORT_CSS)) (PreEscaped(COHORT_CSS)) }
            }
            body {
                main.wide {
                    header {
                        p.kicker { "interview-kit cohort · for the hiring team" }
                        h1 {
                            (Text(&cohort.exercise_title)) " "
                            span.exercise-id { (Text(&cohort.exercise)) }
                        }
                        p.muted {
                            (reports) " report" (if reports == 1 { "" } else { "s" }) ", best first. "
                            (Text(&format!("Bands: {}.", cohort.bands.describe())))
                        }
                    }
                    table.cohort {
                        thead {
                            tr {
                                th { "#" }
                                th { "Candidate" }
                                @for (id, title) in &cohort.criteria {
                                    th.num title=(Text(id)) { (Text(title)) }
                                }
                                th.num { "Total" }
                                th { "Band" }
                            }
                        }
                        tbody {
                            @for (index, row) in cohort.rows.iter().enumerate() {
                                @let token = if row.not_graded { "below" } else { row.band.map_or("none", Band::token) };
                                tr {
                                    td.num { (index + 1) }
                                    td.who { (Text(&row.label)) br; span.muted { (Text(&row.source)) } }
                                    @for cell in &row.criteria {
                                        @match cell {
                                            Some((points, max)) => {
                                                @let share = if *max == 0 { 0.0 } else { f64::from(*points) * 100.0 / f64::from(*max) };
                                                @let fill = cohort.bands.band_of(*points, *max).map_or("none", Band::token);
                                                td.num {
                                                    (points) " / " (max)
                                                    div class="track small" {
                                                        div class={ "fill fill-" (fill) } style={ "width:" (format!("{share:.1}")) "%" } {}
                                                    }
                                                }
                                            }
                                            None => { td.num { "-" } }
                                        }
                                    }
                                    td class="num total" { (Text(&total_cell(row))) }
                                    td { span class={ "pill pill-" (token) } { (Text(&band_cell(row))) } }
                                }
                            }
                        }
                    }
                    (check_stats(&cohort_stats(cohort)))
                    footer { "Made by interview-kit from reports of schema interview-kit/report/v1." }
                }
            }
        }
    }
    .into_string()
}

/// What the correlation column means, for a hiring manager.
const CORRELATION_HINT: &str = "Correlation: near 1, candidates who pass the check tend to score higher on the rest; near 0, it does not tell strong from weak; below 0, weaker candidates tend to pass it; flagged: everyone passed or everyone failed, so it told you nothing about this cohort (or, \"inverted\", the weaker candidates passed it: look at the check).";

/// "How each check separated the cohort": one row per check, flagged rows
/// marked.
fn check_stats(stats: &CohortStats) -> Markup {
    let runs = stats.submissions;
    html! {
        section.check-stats {
            h2 { "How each check separated the cohort" }
            p.hint { (CORRELATION_HINT) }
            p.muted {
                "Over " (runs) " graded full run" (if runs == 1 { "" } else { "s" })
                @if stats.left_out_not_graded > 0 || stats.left_out_partial > 0 {
                    "; left out: "
                    @if stats.left_out_not_graded > 0 {
                        (stats.left_out_not_graded) " not graded"
                        @if stats.left_out_partial > 0 { ", " }
                    }
                    @if stats.left_out_partial > 0 {
                        (stats.left_out_partial) " partial run" (if stats.left_out_partial == 1 { "" } else { "s" })
                    }
                }
                "."
            }
            table.cohort.stats {
                thead {
                    tr {
                        th { "Check" }
                        th.num { "Passed" }
                        th.num { "Share" }
                        th.num { "Correlation" }
                        th { "Flag" }
                    }
                }
                tbody {
                    @for check in &stats.checks {
                        tr class=[check.flag.map(|flag| format!("flagged flag-{}", flag.token()))] {
                            td.who {
                                (Text(&check.title)) br;
                                code.muted { (Text(&check.id)) }
                            }
                            td.num { (check.passed) " / " (check.graded) }
                            td.num {
                                (Text(&check.share_cell()))
                                @if let Some(share) = check.share() {
                                    div class="track small" {
                                        div.fill style={ "width:" (format!("{:.1}", share * 100.0)) "%" } {}
                                    }
                                }
                            }
                            td.num { (Text(&check.correlation_cell())) }
                            td {
                                @if let Some(flag) = check.flag {
                                    span class={ "pill pill-flag" } { "⚑ " (flag.label()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
