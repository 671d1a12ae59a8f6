//! What a batch shows on stderr: on a terminal, a bar of the submissions
//! done and a line per grading under way with its latest step; elsewhere
//! (CI logs, pipes), one line when a grading starts and one when it ends.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::batch::index::{Entry, Outcome};

#[derive(Debug)]
pub struct Display {
    bars: Option<(MultiProgress, ProgressBar)>,
    to_grade: usize,
    done: Arc<AtomicUsize>,
}

/// One grading under way.
#[derive(Debug)]
pub struct Line {
    name: String,
    bar: Option<ProgressBar>,
    overall: Option<ProgressBar>,
    to_grade: usize,
    done: Arc<AtomicUsize>,
    started: Instant,
}

impl Display {
    pub fn new(submissions: usize, to_grade: usize) -> Display {
        let bars = std::io::stderr().is_terminal().then(|| {
            let multi = MultiProgress::new();
            let overall = multi.add(ProgressBar::new(to_grade as u64));
            overall.set_style(
                ProgressStyle::with_template("graded {bar:30} {pos}/{len} · {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            overall.enable_steady_tick(Duration::from_millis(250));
            (multi, overall)
        });
        if bars.is_none() {
            eprintln!(
                "kit: {submissions} submissions, {to_grade} to grade, {} kept or not runnable",
                submissions - to_grade
            );
        }
        Display {
            bars,
            to_grade,
            done: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn note(&self, text: &str) {
        match &self.bars {
            Some((multi, _)) => {
                let _ = multi.println(text);
            }
            None => eprintln!("kit: {text}"),
        }
    }

    pub fn start(&self, name: &str) -> Line {
        let bar = self.bars.as_ref().map(|(multi, _)| {
            let bar = multi.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("  {spinner} {prefix} {elapsed:>4} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(name.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if bar.is_none() {
            eprintln!("kit: grading {name}");
        }
        Line {
            name: name.to_owned(),
            bar,
            overall: self.bars.as_ref().map(|(_, overall)| overall.clone()),
            to_grade: self.to_grade,
            done: Arc::clone(&self.done),
            started: Instant::now(),
        }
    }

    pub fn finish(&self) {
        if let Some((_, overall)) = &self.bars {
            overall.finish_and_clear();
        }
    }
}

impl Line {
    /// The grading's latest step (`building`, `running 46 checks`...).
    pub fn say(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(text.to_owned());
        }
    }

    /// It ended: one line saying how.
    pub fn done(self, entry: &Entry) {
        let number = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let took = self.started.elapsed().as_secs();
        let how = match entry.outcome {
            Outcome::Graded => format!(
                "{}/{} in {took} s",
                entry.points.unwrap_or(0),
                entry.max.unwrap_or(0)
            ),
            Outcome::Interrupted => "interrupted".to_owned(),
            _ => format!(
                "not graded: {}",
                entry.detail.as_deref().unwrap_or_default()
            ),
        };
        let text = format!("[{number}/{}] {}: {how}", self.to_grade, self.name);
        match (&self.bar, &self.overall) {
            (Some(bar), Some(overall)) => {
                bar.finish_and_clear();
                overall.println(text);
                overall.inc(1);
            }
            _ => eprintln!("kit: {text}"),
        }
    }
}
