//! What a check returns, and the statuses a check can end in.

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

/// A check's verdict: `Ok(message)` on pass, `Err(Failure)` otherwise.
/// Helpers return `Result<_, Failure>` so checks read as a sequence of `?`.
pub type Outcome = Result<String, Failure>;

/// Why a check did not pass, in words a candidate understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: Status,
    pub message: String,
}

impl Failure {
    /// The service answered, but not as the contract says.
    pub fn fail(message: impl Into<String>) -> Self {
        Failure {
            status: Status::Fail,
            message: message.into(),
        }
    }

    /// The grader itself could not do its job.
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            status: Status::Error,
            message: message.into(),
        }
    }

    pub fn timeout(message: impl Into<String>) -> Self {
        Failure {
            status: Status::Timeout,
            message: message.into(),
        }
    }

    pub fn crash(message: impl Into<String>) -> Self {
        Failure {
            status: Status::Crash,
            message: message.into(),
        }
    }

    pub fn skipped(message: impl Into<String>) -> Self {
        Failure {
            status: Status::Skipped,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.message)
    }
}

/// `ensure!(cond, "message {}", x)`: fail the check unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err($crate::Failure::fail(format!($($arg)+)));
        }
    };
}
