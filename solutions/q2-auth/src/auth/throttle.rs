//! Login throttling: after `LOGIN_MAX_FAILURES` failed logins for one email
//! within `LOGIN_LOCKOUT_SECS`, every login for that email is refused (429)
//! for `LOGIN_LOCKOUT_SECS`, even with the right password.
//!
//! The rules are pure functions of a [`FailureRecord`] and the time, here;
//! the records live in the database (`login_failures` table), so a lockout
//! survives a restart and holds across several processes sharing the file.
//! The key is the email in canonical form, whether or not an account has
//! it: locking only existing accounts would tell who has one.

/// Failed logins counted for one email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureRecord {
    /// Failures since `window_start`.
    pub failures: u32,
    /// When the first counted failure happened.
    pub window_start: i64,
    /// Until when logins are refused, once `failures` reached the limit.
    pub locked_until: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: u32,
    pub lockout_secs: i64,
}

impl ThrottlePolicy {
    /// Seconds until logins are accepted again (at least 1), or `None` when
    /// they are accepted now.
    pub fn retry_after(&self, record: Option<&FailureRecord>, now: i64) -> Option<u64> {
        let until = record?.locked_until?;
        (until > now).then(|| u64::try_from(until - now).unwrap_or(u64::MAX))
    }

    /// The record after one more failure at `now`.
    ///
    /// Failures are counted in a window that opens at the first one and
    /// lasts `lockout_secs`; a failure after the window (or after a lockout
    /// ended) starts a new count. Reaching `max_failures` locks for
    /// `lockout_secs` from that failure. A failure while locked (a request
    /// that was already past the check) changes nothing: a lockout is never
    /// extended.
    pub fn after_failure(&self, record: Option<&FailureRecord>, now: i64) -> FailureRecord {
        let fresh = FailureRecord {
            failures: 0,
            window_start: now,
            locked_until: None,
        };
        let mut record = match record {
            Some(record) if self.retry_after(Some(record), now).is_some() => return *record,
            Some(record)
                if record.locked_until.is_none()
                    && now - record.window_start < self.lockout_secs =>
            {
                *record
            }
            _ => fresh,
        };
        record.failures = record.failures.saturating_add(1);
        if record.failures >= self.max_failures {
            record.locked_until = Some(now.saturating_add(self.lockout_secs));
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: ThrottlePolicy = ThrottlePolicy {
        max_failures: 3,
        lockout_secs: 100,
    };

    /// The record after failures at each of `times`, from nothing.
    fn after(times: &[i64]) -> Option<FailureRecord> {
        times.iter().fold(None, |record, &now| {
            Some(POLICY.after_failure(record.as_ref(), now))
        })
    }

    #[test]
    fn nothing_recorded_means_not_locked() {
        assert_eq!(POLICY.retry_after(None, 0), None);
    }

    #[test]
    fn failures_below_the_limit_do_not_lock() {
        let record = after(&[0, 10]);
        assert_eq!(record.map(|r| r.failures), Some(2));
        assert_eq!(POLICY.retry_after(record.as_ref(), 11), None);
    }

    #[test]
    fn the_limit_locks_for_the_lockout_from_the_last_failure() {
        let record = after(&[0, 10, 20]);
        assert_eq!(POLICY.retry_after(record.as_ref(), 20), Some(100));
        assert_eq!(POLICY.retry_after(record.as_ref(), 119), Some(1));
        assert_eq!(POLICY.retry_after(record.as_ref(), 120), None);
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let record = after(&[0, 10, 100]);
        assert_eq!(
            record,
            Some(FailureRecord {
                failures: 1,
                window_start: 100,
                locked_until: None
            })
        );
    }

    #[test]
    fn a_failure_while_locked_does_not_extend_the_lockout() {
        let locked = after(&[0, 1, 2]);
        assert_eq!(after(&[0, 1, 2, 50]), locked);
    }

    #[test]
    fn after_a_lockout_the_count_starts_again() {
        let record = after(&[0, 1, 2, 102]);
        assert_eq!(
            record,
            Some(FailureRecord {
                failures: 1,
                window_start: 102,
                locked_until: None
            })
        );
    }

    #[test]
    fn one_allowed_failure_locks_at_the_first() {
        let policy = ThrottlePolicy {
            max_failures: 1,
            lockout_secs: 5,
        };
        let record = policy.after_failure(None, 0);
        assert_eq!(policy.retry_after(Some(&record), 0), Some(5));
    }
}
