//! The service as a report shows it: its figures (the interviewer's only)
//! and its last output when something went wrong with it.

use crate::bands::Audience;
use crate::view::last_lines;
use crate::{Report, RunStatus, Status};

/// Lines of the service's output shown when something went wrong with it.
const OUTPUT_LINES: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceView {
    /// Start-up time, starts and bytes printed: the interviewer's only.
    pub stats: Option<ServiceStats>,
    /// Its last lines, when it crashed, hung or never started: worth reading
    /// for both audiences (it is the candidate's own program talking).
    pub output: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServiceStats {
    pub startup_ms: u64,
    pub starts: u32,
    pub output_bytes: u64,
}

impl ServiceView {
    /// `None` when the service never ran, or for the candidate when it had
    /// no trouble (nothing to show them).
    pub fn build(report: &Report, audience: Audience) -> Option<ServiceView> {
        let service = report.service.as_ref()?;
        let troubled = report.status == RunStatus::Error
            || report
                .checks
                .iter()
                .any(|check| matches!(check.status, Status::Crash | Status::Timeout));
        let output = (troubled && !service.output_tail.trim().is_empty())
            .then(|| last_lines(&service.output_tail, OUTPUT_LINES));
        let stats = (audience == Audience::Interviewer).then_some(ServiceStats {
            startup_ms: service.startup_ms,
            starts: service.starts,
            output_bytes: service.output_bytes,
        });
        (stats.is_some() || output.is_some()).then_some(ServiceView { stats, output })
    }
}
