//! What is allowed: `max_requests` per client in any window of `window`.

use std::{fmt, time::Duration};

/// A rate-limit policy, valid by construction: a limit of at least one
/// request, over a window of at least a millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    max_requests: u32,
    window: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the limit must be from 1 to {max} requests, got {0}", max = Policy::MAX_REQUESTS)]
    MaxRequests(u64),
    #[error("the window must be from 1 ms to {max} s, got {0:?}", max = Policy::MAX_WINDOW.as_secs())]
    Window(Duration),
}

impl Policy {
    /// Highest limit accepted. Exact limiting keeps one timestamp per
    /// accepted request in the window, so the limit bounds the memory held
    /// per client (800 KB at this cap).
    pub const MAX_REQUESTS: u32 = 100_000;
    /// Shortest window; anything shorter is below what timers and Redis
    /// resolve meaningfully.
    pub const MIN_WINDOW: Duration = Duration::from_millis(1);
    /// Longest window: a day. Longer windows hold memory for as long.
    pub const MAX_WINDOW: Duration = Duration::from_secs(86_400);

    pub fn new(max_requests: u64, window: Duration) -> Result<Self, PolicyError> {
        let max_requests = u32::try_from(max_requests)
            .ok()
            .filter(|max| (1..=Self::MAX_REQUESTS).contains(max))
            .ok_or(PolicyError::MaxRequests(max_requests))?;
        if !(Self::MIN_WINDOW..=Self::MAX_WINDOW).contains(&window) {
            return Err(PolicyError::Window(window));
        }
        Ok(Self {
            max_requests,
            window,
        })
    }

    /// Requests accepted per client in any window.
    pub fn max_requests(&self) -> u32 {
        self.max_requests
    }

    pub fn window(&self) -> Duration {
        self.window
    }
}

/// "10 requests per 60 s", "1 request per 500 ms".
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let requests = if self.max_requests == 1 {
            "request"
        } else {
            "requests"
        };
        write!(f, "{} {requests} per ", self.max_requests)?;
        if self.window.subsec_nanos() == 0 {
            write!(f, "{} s", self.window.as_secs())
        } else {
            write!(f, "{} ms", self.window.as_millis())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_from_1_to_the_cap_are_accepted() {
        for max in [1, 10, 100_000] {
            assert!(Policy::new(max, Duration::from_secs(60)).is_ok(), "{max}");
        }
        for max in [0, 100_001, u64::MAX] {
            assert_eq!(
                Policy::new(max, Duration::from_secs(60)),
                Err(PolicyError::MaxRequests(max))
            );
        }
    }

    #[test]
    fn windows_from_a_millisecond_to_a_day_are_accepted() {
        for window in [Duration::from_millis(1), Duration::from_secs(86_400)] {
            assert!(Policy::new(10, window).is_ok(), "{window:?}");
        }
        for window in [Duration::ZERO, Duration::from_secs(86_401)] {
            assert_eq!(Policy::new(10, window), Err(PolicyError::Window(window)));
        }
    }

    #[test]
    fn a_policy_reads_as_a_sentence() {
        let policy = |max, window| Policy::new(max, window).unwrap().to_string();
        assert_eq!(policy(10, Duration::from_secs(60)), "10 requests per 60 s");
        assert_eq!(
            policy(1, Duration::from_millis(500)),
            "1 request per 500 ms"
        );
    }
}
