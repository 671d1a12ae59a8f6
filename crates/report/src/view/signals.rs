//! The code signals in words (fmt, clippy, the candidate's tests, unwraps,
//! unsafe): the interviewer's only, never scored.

use crate::code_signals::{CodeSignals, SourceHits};
use crate::view::plural;

/// The code signals as the renderings show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignalsView {
    pub rows: Vec<SignalRow>,
    /// What could not be measured, and failing tests by name.
    pub notes: Vec<String>,
}

impl SignalsView {
    pub fn build(signals: &CodeSignals) -> SignalsView {
        SignalsView {
            rows: signal_rows(signals),
            notes: signals.notes.clone(),
        }
    }
}

/// How a code signal reads: fine, worth a question, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Fine,
    Ask,
    Unknown,
}

/// One code signal as the renderings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignalRow {
    pub label: &'static str,
    pub value: String,
    pub tone: Tone,
    /// Source lines quoted as examples (`src/routes.rs:42: ...`).
    pub examples: Vec<String>,
}

/// The code signals in words, in a fixed order.
fn signal_rows(signals: &CodeSignals) -> Vec<SignalRow> {
    let unknown = || ("not measured (see the notes)".to_owned(), Tone::Unknown);
    let (formatting, formatting_tone) = match signals.formatted {
        Some(true) => ("cargo fmt --check passes".to_owned(), Tone::Fine),
        Some(false) => (
            "not formatted: cargo fmt --check fails".to_owned(),
            Tone::Ask,
        ),
        None => unknown(),
    };
    let (clippy, clippy_tone) = match signals.clippy_warnings {
        Some(0) => ("no warnings".to_owned(), Tone::Fine),
        Some(count) => (plural(count as usize, "warning"), Tone::Ask),
        None => unknown(),
    };
    let (tests, tests_tone) = match signals.tests {
        Some(counts) if counts.passed + counts.failed == 0 => {
            ("none that run".to_owned(), Tone::Ask)
        }
        Some(counts) => {
            let ignored = if counts.ignored > 0 {
                format!(" ({} ignored)", counts.ignored)
            } else {
                String::new()
            };
            let tone = if counts.failed == 0 {
                Tone::Fine
            } else {
                Tone::Ask
            };
            (
                format!(
                    "{} passed, {} failed{ignored}",
                    counts.passed, counts.failed
                ),
                tone,
            )
        }
        None => unknown(),
    };
    let hits = |hits: &SourceHits, none: &str| {
        if hits.count == 0 {
            (none.to_owned(), Tone::Fine, Vec::new())
        } else {
            let more = (hits.count as usize).saturating_sub(hits.examples.len());
            let mut examples = hits.examples.clone();
            if more > 0 {
                examples.push(format!("… and {more} more"));
            }
            (format!("{}", hits.count), Tone::Ask, examples)
        }
    };
    let (unwraps, unwraps_tone, unwrap_examples) = hits(&signals.unwraps, "none");
    let (unsafe_code, unsafe_tone, unsafe_examples) = hits(&signals.unsafe_code, "none");
    vec![
        SignalRow {
            label: "Formatting",
            value: formatting,
            tone: formatting_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "Clippy",
            value: clippy,
            tone: clippy_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "Candidate's tests",
            value: tests,
            tone: tests_tone,
            examples: Vec::new(),
        },
        SignalRow {
            label: "unwrap()/expect() outside tests",
            value: unwraps,
            tone: unwraps_tone,
            examples: unwrap_examples,
        },
        SignalRow {
            label: "unsafe",
            value: unsafe_code,
            tone: unsafe_tone,
            examples: unsafe_examples,
        },
    ]
}

/// The sentence under the code signals' heading.
pub(crate) const SIGNALS_HINT: &str = "Measured on the crate, not scored: each is a question to ask, not a verdict (an expect at startup is fine; one on a request path is a crash waiting for input).";
