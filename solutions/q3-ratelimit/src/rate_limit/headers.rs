//! The rate-limit headers, and the rounding that makes them promises.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

/// The limit per window, on every limited response.
pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// Requests left right now, on every limited response; 0 on a 429.
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// On a 429: the unix time (seconds) from which a request is accepted.
pub const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// `X-RateLimit-Limit` and `X-RateLimit-Remaining`.
pub(crate) fn insert_quota(headers: &mut HeaderMap, limit: u32, remaining: u32) {
    headers.insert(X_RATELIMIT_LIMIT, HeaderValue::from(limit));
    headers.insert(X_RATELIMIT_REMAINING, HeaderValue::from(remaining));
}

/// When a rejected client may come back, in the two forms a 429 carries.
/// Both are rounded up, so a client that honours either is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAt {
    /// `Retry-After`: whole seconds to wait, at least 1 (RFC 9110).
    pub after_secs: u64,
    /// `X-RateLimit-Reset`: unix seconds.
    pub reset_unix_secs: u64,
}

impl RetryAt {
    /// `wait` measured from `now`, the wall-clock time of the decision (or
    /// slightly later, which only delays the promise).
    pub fn new(wait: Duration, now: SystemTime) -> Self {
        let reset = now
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .saturating_add(wait);
        Self {
            after_secs: ceil_secs(wait).max(1),
            reset_unix_secs: ceil_secs(reset),
        }
    }
}

fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry_at(wait_ms: u64, now_ms: u64) -> (u64, u64) {
        let now = UNIX_EPOCH + Duration::from_millis(now_ms);
        let retry = RetryAt::new(Duration::from_millis(wait_ms), now);
        (retry.after_secs, retry.reset_unix_secs)
    }

    #[test]
    fn both_forms_round_up() {
        assert_eq!(retry_at(1_500, 10_000), (2, 12));
        assert_eq!(retry_at(1_500, 10_400), (2, 12));
        assert_eq!(retry_at(1_500, 10_600), (2, 13));
    }

    #[test]
    fn whole_seconds_stay_whole() {
        assert_eq!(retry_at(2_000, 10_000), (2, 12));
        assert_eq!(retry_at(60_000, 1_700_000_000_000), (60, 1_700_000_060));
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        assert_eq!(retry_at(1, 10_000), (1, 11));
        assert_eq!(retry_at(0, 10_000), (1, 10));
    }
}
