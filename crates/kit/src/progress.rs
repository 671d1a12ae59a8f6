//! Shows a grading run's progress on stderr: a spinner while building, a bar
//! while checks run. On a non-terminal (CI logs, pipes) it prints one line per
//! phase instead, so logs stay readable.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use kit_harness::{Event, Observer, Status};

#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    /// A phase outside the grading run (e.g. measuring code signals).
    pub fn phase(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(text.to_owned()),
            None => eprintln!("kit: {text}"),
        }
    }

    /// Which grading of `--repeat N` starts, so a long series shows where it is.
    pub fn grading(&self, number: usize, of: usize) {
        self.line(&format!("grading {number}/{of}"));
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("kit: {text}"),
        }
    }
}

impl Observer for Progress {
    fn on_event(&self, event: &Event<'_>) {
        match event {
            Event::Building { target } => match &self.bar {
                Some(bar) => bar.set_message(format!(
                    "building {} (a first release build takes a few minutes)",
                    target.describe()
                )),
                None => eprintln!("kit: building {}", target.describe()),
            },
            Event::Built { duration } if !duration.is_zero() => {
                self.line(&format!("built in {:.1} s", duration.as_secs_f64()));
            }
            Event::Built { .. } => {}
            Event::Starting => {
                if let Some(bar) = &self.bar {
                    bar.set_message("starting the service");
                }
            }
            Event::Started { startup } => {
                self.line(&format!("service ready in {} ms", startup.as_millis()))
            }
            Event::Checking { total, jobs } => match &self.bar {
                Some(bar) => {
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} checks {bar:30} {pos}/{len} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    bar.set_length(*total as u64);
                    bar.set_position(0);
                }
                None => eprintln!("kit: running {total} checks, up to {jobs} at a time"),
            },
            Event::CheckStarted { check, .. } => {
                if let Some(bar) = &self.bar {
                    bar.set_message(check.id.to_owned());
                }
            }
            Event::CheckFinished { result, .. } => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                    if matches!(result.status, Status::Crash | Status::Timeout) {
                        bar.println(format!(
                            "  {} {}: {}",
                            result.status, result.id, result.message
                        ));
                    }
                }
            }
            Event::Restarted { reason } => self.line(reason),
            Event::MeasuringSignals { step } => {
                let text = format!("code signals: {step} (--no-signals skips them)");
                match &self.bar {
                    Some(bar) => {
                        bar.set_style(ProgressStyle::default_spinner());
                        bar.set_message(text);
                    }
                    None => eprintln!("kit: {text}"),
                }
            }
        }
    }
}
