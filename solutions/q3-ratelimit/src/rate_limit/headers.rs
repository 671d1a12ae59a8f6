//! The rate-limit headers, and the rounding that makes them promises.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

/// The limit per window, on every limited response.
pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// Requests left right now, on every limited response; 0 on a 429.
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// On a 429: the unix time (seconds) from which a request is accepted.
pub const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// `X-RateLimit-Limit` and `X-RateLimit-Remaining` for every remaining
/// count up to [`QuotaHeaders::RENDERED`], rendered once (per worker
/// thread): formatting a number into a new header value allocates, and
/// costs more than the whole rate-limit decision; cloning a rendered one
/// does not.
#[derive(Debug, Clone)]
pub(crate) struct QuotaHeaders {
    limit: HeaderValue,
    /// `remaining[n]` is `n`.
    remaining: Vec<HeaderValue>,
}

impl QuotaHeaders {
    /// Counts above this are formatted on each response.
    const RENDERED: u32 = 1_000;

    pub(crate) fn new(limit: u32) -> Self {
        Self {
            limit: HeaderValue::from(limit),
            remaining: (0..=limit.min(Self::RENDERED))
                .map(HeaderValue::from)
                .collect(),
        }
    }

    pub(crate) fn insert(&self, headers: &mut HeaderMap, remaining: u32) {
        let rendered = usize::try_from(remaining)
            .ok()
            .and_then(|index| self.remaining.get(index));
        let remaining = rendered.map_or_else(|| HeaderValue::from(remaining), Clone::clone);
        headers.insert(X_RATELIMIT_LIMIT, self.limit.clone());
        headers.insert(X_RATELIMIT_REMAINING, remaining);
    }
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

    fn quota(limit: u32, remaining: u32) -> (String, String) {
        let mut headers = HeaderMap::new();
        QuotaHeaders::new(limit).insert(&mut headers, remaining);
        let value = |name| headers.get(&name).unwrap().to_str().unwrap().to_owned();
        (value(X_RATELIMIT_LIMIT), value(X_RATELIMIT_REMAINING))
    }

    #[test]
    fn quota_headers_are_the_numbers_rendered_or_not() {
        assert_eq!(quota(10, 0), ("10".into(), "0".into()));
        assert_eq!(quota(10, 9), ("10".into(), "9".into()));
        assert_eq!(quota(100_000, 1_000), ("100000".into(), "1000".into()));
        assert_eq!(quota(100_000, 1_001), ("100000".into(), "1001".into()));
        assert_eq!(quota(100_000, 99_999), ("100000".into(), "99999".into()));
    }

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
