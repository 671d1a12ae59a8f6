//! The cohort page: several reports of one exercise side by side, best
//! first, on the report's stylesheet plus its own (`cohort.css`).

use maud::{DOCTYPE, PreEscaped, html};

use crate::bands::Band;
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
                    footer { "Made by interview-kit from reports of schema interview-kit/report/v1." }
                }
            }
        }
    }
    .into_string()
}
