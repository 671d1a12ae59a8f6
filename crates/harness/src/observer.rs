//! What a run tells whoever shows its progress (the CLI draws bars; tests
//! ignore it): the harness itself never prints.

use std::time::Duration;

use crate::check::Check;
use crate::report::CheckResult;
use crate::target::Target;

/// Progress of a run.
#[derive(Debug)]
pub enum Event<'a> {
    Building {
        target: &'a Target,
    },
    Built {
        duration: Duration,
    },
    Starting,
    Started {
        startup: Duration,
    },
    /// The checks begin: `total` of them, up to `jobs` at a time.
    Checking {
        total: usize,
        jobs: usize,
    },
    /// A check starts (again, alone, when a neighbour may have disturbed
    /// its first attempt).
    CheckStarted {
        index: usize,
        total: usize,
        check: &'a Check,
    },
    CheckFinished {
        index: usize,
        total: usize,
        result: &'a CheckResult,
    },
    Restarted {
        reason: &'a str,
    },
    /// The checks are over; a code signal's tool runs (`cargo clippy`).
    MeasuringSignals {
        step: &'a str,
    },
}

pub trait Observer: Send + Sync {
    fn on_event(&self, event: &Event<'_>);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Observer for Quiet {
    fn on_event(&self, _event: &Event<'_>) {}
}
