//! The rolling window (advanced): a fixed-window counter lets a client get
//! twice the limit through around a window boundary.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Outcome, Overrides};

use crate::clients::{accepted, at, burst, client_of, expect_all_accepted, unix_now};

const WINDOW_SECS: u64 = 6;
const LIMIT: usize = 5;

/// On an instance with 5 per 6 s, starting on a multiple of 6 unix seconds
/// (where an epoch-aligned fixed window starts too): 1 request at t0, 4 at
/// t0+4 s, then 5 at t0+7.2 s. Only the t0 request has left the rolling
/// window by then, so at most 1 of the last 5 may pass; a fixed window
/// (from the first request or from the epoch) lets all 5 through.
pub async fn rolling(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", LIMIT.to_string())
        .set("RATE_LIMIT_WINDOW_SECS", WINDOW_SECS.to_string());
    let (instance, _) = cx.start_fresh(&settings).await?;
    let mut last = String::new();
    // Timing-sensitive: a second try, with a fresh client, before failing.
    for attempt in 1..=2u16 {
        let http = client_of(&cx, &instance, 11, attempt)?;
        let offset = WINDOW_SECS as f64 - unix_now() % WINDOW_SECS as f64 + 0.1;
        tokio::time::sleep(Duration::from_secs_f64(offset)).await;
        let start = Instant::now();
        expect_all_accepted(&burst(&http, 1).await?, "the first request")?;
        at(start, Duration::from_secs(4)).await;
        expect_all_accepted(
            &burst(&http, 4).await?,
            "4 more requests 4 s later (5 in the window)",
        )?;
        at(start, Duration::from_millis(7200)).await;
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
