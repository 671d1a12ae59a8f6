//! The statuses a check can end in (see the common contract).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Exactly one per check (see the common contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The grader could not run the check (a bug or an environment problem,
    /// not the candidate's fault).
    Error,
    Timeout,
    /// The service died during the check.
    Crash,
    /// A prerequisite check did not pass.
    Blocked,
    /// The check does not apply here (e.g. an optional tool is missing).
    /// Counts neither for nor against the candidate.
    Skipped,
}

impl Status {
    pub fn is_pass(self) -> bool {
        self == Status::Pass
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::Crash => "crash",
            Status::Blocked => "blocked",
            Status::Skipped => "skipped",
        })
    }
}
