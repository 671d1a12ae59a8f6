//! The service's one clock: whole seconds since the Unix epoch.
//!
//! Every timestamp the service stores or signs (token `iat`/`exp`, reset
//! expiry, password change, lockouts) is in these units, so they compare
//! directly.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z. A clock set before 1970 reads 0
/// rather than failing a request.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// A duration setting (at most ten years) as a timestamp offset.
pub fn secs(duration: u64) -> i64 {
    i64::try_from(duration).unwrap_or(i64::MAX)
}
