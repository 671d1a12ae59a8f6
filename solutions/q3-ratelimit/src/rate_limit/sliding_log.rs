//! The sliding log of one client: the exact rule, as a pure function of the
//! log and the time. Times are nanoseconds on a monotonic clock.

use std::{collections::VecDeque, time::Duration};

use super::store::Decision;

/// The times of a client's accepted requests in the current window, oldest
/// first; never more than the limit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct SlidingLog {
    accepted: VecDeque<u64>,
}

impl SlidingLog {
    /// Decides a request at `now` against `max_requests` per `window`
    /// (both in nanoseconds) and records it if accepted.
    ///
    /// Cost: O(1) amortised (each entry is appended once and dropped once),
    /// never more than `max_requests` steps.
    pub(crate) fn admit(&mut self, now: u64, max_requests: u32, window: u64) -> Decision {
        // Callers read the clock before taking the lock on this log, so two
        // racing requests can arrive out of order. Recording the later time
        // for both keeps the log sorted, and can only make the limit
        // stricter, never looser.
        let now = self.accepted.back().map_or(now, |&newest| now.max(newest));
        while let Some(&oldest) = self.accepted.front() {
            if now - oldest < window {
                break;
            }
            self.accepted.pop_front();
        }

        let max = usize::try_from(max_requests).unwrap_or(usize::MAX);
        let used = self.accepted.len();
        if used < max {
            if used == self.accepted.capacity() {
                // Grow by doubling, but never past the limit: the memory held
                // per client is at most `max_requests` timestamps.
                self.accepted.reserve_exact(used.clamp(1, max - used));
            }
            self.accepted.push_back(now);
            Decision::Allowed {
                remaining: max_requests - u32::try_from(used + 1).unwrap_or(max_requests),
            }
        } else {
            // `used == max >= 1`, so there is an oldest entry, less than a
            // window old: the wait is in `1..=window`.
            let oldest = self.accepted.front().copied().unwrap_or(now);
            Decision::Rejected {
                retry_after: Duration::from_nanos(oldest + window - now),
            }
        }
    }

    /// True when no accepted request is left in the window at `now`: the
    /// log decides nothing any more and can be dropped.
    pub(crate) fn is_idle(&self, now: u64, window: u64) -> bool {
        self.accepted
            .back()
            .is_none_or(|&newest| now.saturating_sub(newest) >= window)
    }

    /// Timestamps held (allocated), for memory accounting.
    pub(crate) fn capacity(&self) -> usize {
        self.accepted.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: u64 = 1_000;

    /// Replays requests at `times` against 3 per `WINDOW`; returns what
    /// each got: `+` accepted, or the wait in nanoseconds.
    fn check(times: &[u64], expected: &[&str]) {
        let mut log = SlidingLog::default();
        let got: Vec<String> = times
            .iter()
            .map(|&now| match log.admit(now, 3, WINDOW) {
                Decision::Allowed { remaining } => format!("+{remaining}"),
                Decision::Rejected { retry_after } => format!("wait {}", retry_after.as_nanos()),
            })
            .collect();
        assert_eq!(got, expected, "requests at {times:?}");
    }

    #[test]
    fn the_limit_then_a_wait_until_the_oldest_leaves() {
        check(&[0, 10, 20, 30], &["+2", "+1", "+0", "wait 970"]);
    }

    #[test]
    fn a_request_exactly_one_window_after_the_oldest_is_accepted() {
        check(&[0, 10, 20, 1_000], &["+2", "+1", "+0", "+0"]);
        check(&[0, 10, 20, 999], &["+2", "+1", "+0", "wait 1"]);
    }

    #[test]
    fn rejected_requests_are_not_recorded() {
        // Rejections at 500 and 900 must not hold the window past 1_020.
        check(
            &[0, 10, 20, 500, 900, 1_000, 1_010, 1_020],
            &["+2", "+1", "+0", "wait 500", "wait 100", "+0", "+0", "+0"],
        );
    }

    #[test]
    fn no_fixed_window_boundary_doubles_the_limit() {
        // 3 at the end of one "fixed window", 3 right after: only the ones
        // a full window after the first burst get through.
        check(
            &[990, 995, 999, 1_001, 1_005, 1_989, 1_990, 1_995],
            &[
                "+2", "+1", "+0", "wait 989", "wait 985", "wait 1", "+0", "+0",
            ],
        );
    }

    #[test]
    fn an_out_of_order_time_counts_as_the_newest() {
        // 5 arrives after 30 (a race between workers): it is recorded as
        // 30, so it is still in the window at 1_029.
        check(
            &[30, 5, 1_005, 1_029, 1_030],
            &["+2", "+1", "+0", "wait 1", "+1"],
        );
    }

    #[test]
    fn the_log_never_holds_more_than_the_limit() {
        let mut log = SlidingLog::default();
        for now in 0..100 {
            log.admit(now, 3, WINDOW);
        }
        assert_eq!(log.capacity(), 3);
    }

    #[test]
    fn a_log_is_idle_once_its_newest_entry_is_a_window_old() {
        let mut log = SlidingLog::default();
        assert!(log.is_idle(0, WINDOW));
        log.admit(100, 3, WINDOW);
        assert!(!log.is_idle(1_099, WINDOW));
        assert!(log.is_idle(1_100, WINDOW));
    }
}
