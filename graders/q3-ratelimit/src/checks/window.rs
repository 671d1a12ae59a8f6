//! The rolling window (advanced): a fixed-window counter lets a client get
//! twice the limit through around a window boundary.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Outcome, Overrides};

use crate::clients::{accepted, at, burst, client_of, expect_all_accepted, unix_now};

const WINDOW_SECS: u64 = 6;
const LIMIT: usize = 5;

/// The second burst's time and the third's, after the first (t0).
const SECOND_BURST: f64 = 4.0;
const THIRD_BURST: f64 = 7.2;
/// How far an epoch-aligned window boundary stays from either burst.
const BOUNDARY_MARGIN: f64 = 0.3;

/// On an instance with 5 per 6 s: 1 request at t0, 4 at t0+4 s, then 5 at
/// t0+7.2 s, t0 chosen so that an epoch-aligned fixed window's boundary
/// falls between the last two bursts (as one counted from the first request
/// does). Only the t0 request has left the rolling window by then, so at
/// most 1 of the last 5 may pass; a fixed window (from the first request or
/// from the epoch) lets all 5 through.
pub async fn rolling(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", LIMIT.to_string())
        .set("RATE_LIMIT_WINDOW_SECS", WINDOW_SECS.to_string());
    let (instance, _) = cx.start_fresh(&settings).await?;
    let mut last = String::new();
    // Timing-sensitive: a second try, with a fresh client, before failing.
    for attempt in 1..=2u16 {
        let http = client_of(&cx, &instance, 11, attempt)?;
        tokio::time::sleep(Duration::from_secs_f64(wait_for_start(
            unix_now() % WINDOW_SECS as f64,
        )))
        .await;
        let start = Instant::now();
        expect_all_accepted(&burst(&http, 1).await?, "the first request")?;
        at(start, Duration::from_secs_f64(SECOND_BURST)).await;
        expect_all_accepted(
            &burst(&http, 4).await?,
            "4 more requests 4 s later (5 in the window)",
        )?;
        at(start, Duration::from_secs_f64(THIRD_BURST)).await;
        let through = accepted(&burst(&http, 5).await?);
        cx.note(format!(
            "attempt {attempt}: {through} of 5 requests at t0+7.2 s passed (at most 1 may)"
        ));
        if through <= 1 {
            return Ok(format!(
                "{through} of 5 passed at t0+7.2 s: never more than 5 in any 6 s window"
            ));
        }
        last = format!(
            "{through} of 5 requests passed at t0+7.2 s although 4 had passed at t0+4 s: {} requests in 3.2 s with a limit of 5 per 6 s (a fixed window resets at its boundary)",
            4 + through
        );
    }
    // Before blaming the algorithm: is the limit of 5 applied at all? Six
    // requests of a fresh client, well inside one epoch-aligned 6 s window
    // (a fixed window lets at most 5 of them through too).
    let into_window = unix_now() % WINDOW_SECS as f64;
    if into_window > WINDOW_SECS as f64 - 1.5 {
        tokio::time::sleep(Duration::from_secs_f64(
            WINDOW_SECS as f64 - into_window + 0.1,
        ))
        .await;
    }
    let probe = client_of(&cx, &instance, 11, 10)?;
    let passed = accepted(&burst(&probe, LIMIT + 1).await?);
    cx.note(format!(
        "settings probe: {passed} of {} requests of a fresh client passed (limit {LIMIT})",
        LIMIT + 1
    ));
    if passed > LIMIT {
        return Err(Failure::fail(format!(
            "the service ignores RATE_LIMIT_* settings: on an instance started with RATE_LIMIT_MAX_REQUESTS={LIMIT} and RATE_LIMIT_WINDOW_SECS={WINDOW_SECS}, a fresh client got {passed} of {} requests through at once, so the rolling window could not be judged",
            LIMIT + 1
        )));
    }
    Err(Failure::fail(last))
}

/// How long to wait, `phase` seconds into an epoch-aligned window, before
/// t0. t0 must put an epoch-aligned boundary between the second and third
/// bursts, 0.3 s from either: phases [5.1, 6) and [0, 1.7]. Of those, only
/// [5.1, 6) and [0.05, 0.2] are used: there an epoch-aligned *sliding
/// counter* (the previous window's count weighted by how much of it is
/// left) lets exactly one of the last five through whatever the phase, as
/// it did when t0 was always 0.1 s past a boundary, so its verdict never
/// depends on when the check started.
fn wait_for_start(phase: f64) -> f64 {
    let window = WINDOW_SECS as f64;
    let earliest = 2.0 * window - (THIRD_BURST - BOUNDARY_MARGIN);
    if phase >= earliest || (0.05..=0.2).contains(&phase) {
        0.0
    } else if phase < 0.05 {
        0.1 - phase
    } else {
        // A little past the earliest phase: sleeping overshoots, never undershoots.
        earliest + 0.05 - phase
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an epoch-aligned sliding counter (limit 5 per 6 s) lets through
    /// of `burst` requests `at` seconds after a start at `phase`, given the
    /// requests it accepted before (their times after t0).
    fn sliding_counter(phase: f64, accepted: &mut Vec<f64>, at: f64, burst: usize) -> usize {
        let window = WINDOW_SECS as f64;
        let now = phase + at;
        let current_start = (now / window).floor() * window;
        let mut through = 0;
        for _ in 0..burst {
            let in_window = |from: f64, to: f64| {
                accepted
                    .iter()
                    .filter(|t| (from..to).contains(&(phase + **t)))
                    .count() as f64
            };
            let previous = in_window(current_start - window, current_start);
            let current = in_window(current_start, current_start + window);
            let weight = 1.0 - (now - current_start) / window;
            if previous * weight + current + 1.0 <= LIMIT as f64 {
                accepted.push(at);
                through += 1;
            }
        }
        through
    }

    #[test]
    fn an_epoch_aligned_boundary_falls_between_the_last_two_bursts_after_a_short_wait() {
        for hundredth in 0..600 {
            let phase = f64::from(hundredth) / 100.0;
            let wait = wait_for_start(phase);
            assert!(wait <= 5.0, "phase {phase}: waits {wait} s");
            let start = (phase + wait) % WINDOW_SECS as f64;
            let boundary = WINDOW_SECS as f64 - start;
            let between = SECOND_BURST + BOUNDARY_MARGIN..=THIRD_BURST - BOUNDARY_MARGIN;
            assert!(
                between.contains(&boundary) || between.contains(&(boundary + WINDOW_SECS as f64)),
                "started at phase {start}: the boundary comes {boundary} s after t0"
            );
        }
        assert_eq!(wait_for_start(0.1), 0.0);
        assert_eq!(wait_for_start(5.5), 0.0);
    }

    #[test]
    fn a_sliding_counter_gets_the_same_verdict_whatever_the_phase() {
        for hundredth in 0..600 {
            let phase = f64::from(hundredth) / 100.0;
            let start = (phase + wait_for_start(phase)) % WINDOW_SECS as f64;
            let mut accepted = Vec::new();
            assert_eq!(sliding_counter(start, &mut accepted, 0.0, 1), 1);
            assert_eq!(sliding_counter(start, &mut accepted, SECOND_BURST, 4), 4);
            assert_eq!(
                sliding_counter(start, &mut accepted, THIRD_BURST, 5),
                1,
                "started at phase {start}"
            );
        }
    }
}
