//! What a check returns. The statuses themselves are report data
//! ([`kit_report::Status`]), re-exported here.

use std::fmt;

pub use kit_report::Status;

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
