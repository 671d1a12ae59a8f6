//! What a 429 tells the client, and whether it tells the truth.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Outcome, Overrides, Reply, ensure};

use crate::checks::limit::DEFAULT_LIMIT;
use crate::clients::{at, burst, client, client_of, expect_all_accepted, hit, unix_now};

/// `Retry-After` (seconds) and `X-RateLimit-Reset` (unix seconds) of a 429.
fn reset_headers(reply: &Reply) -> Result<(u64, u64), Failure> {
    let retry_after = reply
        .header("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
    reply.expect(
        retry_after.is_some_and(|seconds| seconds >= 1),
        "`Retry-After`: whole seconds, at least 1",
        || format!("`Retry-After` is {:?}", reply.header("retry-after")),
    )?;
    let reset = reply
        .header("x-ratelimit-reset")
        .and_then(|value| value.trim().parse::<u64>().ok());
    reply.expect(reset.is_some(), "`X-RateLimit-Reset`: unix seconds", || {
        format!(
            "`X-RateLimit-Reset` is {:?}",
            reply.header("x-ratelimit-reset")
        )
    })?;
    Ok((retry_after.unwrap_or_default(), reset.unwrap_or_default()))
}

pub async fn too_many_requests_answer(cx: Ctx) -> Outcome {
    let http = client(&cx, 7, 1)?;
    burst(&http, DEFAULT_LIMIT).await?;
    let reply = hit(&http).await?;
    let now = unix_now();
    reply.expect_status(&[429], "the 11th request within a minute")?;
    reply.expect_error_message()?;
    let (retry_after, reset) = reset_headers(&reply)?;
    ensure!(
        retry_after <= 61,
        "`Retry-After: {retry_after}` is longer than the 60 s window"
    );
    let promised = now + retry_after as f64;
    ensure!(
        (reset as f64 - promised).abs() <= 2.0,
        "`X-RateLimit-Reset: {reset}` and `Retry-After: {retry_after}` disagree: now + Retry-After is {promised:.0}"
    );
    Ok(format!(
        "429 with a JSON error, Retry-After: {retry_after}, X-RateLimit-Reset consistent"
    ))
}

const PROMISE_LIMIT: usize = 5;
const PROMISE_WINDOW_SECS: u64 = 3;
/// How far past the window a promise may reach (both headers are rounded up,
/// and the clocks of the grader and the service may differ a little).
const PROMISE_SLACK_SECS: u64 = 2;

/// On an instance with 5 per 3 s: a request clearly before the promised
/// moment is refused; one at the earlier of the two promised moments is
/// accepted (each header is a promise on its own). Both promises are bounded
/// by the window before the grader waits on them, so a lying header fails
/// the check with evidence instead of making it sleep.
pub async fn promises_are_kept(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", PROMISE_LIMIT.to_string())
        .set("RATE_LIMIT_WINDOW_SECS", PROMISE_WINDOW_SECS.to_string());
    let (instance, _) = cx.start_fresh(&settings).await?;
    let http = client_of(&cx, &instance, 8, 1)?;
    expect_all_accepted(
        &burst(&http, PROMISE_LIMIT).await?,
        "the first 5 requests (limit 5 per 3 s)",
    )?;
    let refused = hit(&http).await?;
    let refused_at = Instant::now();
    let refused_unix = unix_now();
    refused.expect_status(&[429], "the 6th request")?;
    let (retry_after, reset) = reset_headers(&refused)?;
    let longest = PROMISE_WINDOW_SECS + PROMISE_SLACK_SECS;
    ensure!(
        retry_after <= longest,
        "`Retry-After: {retry_after}` is longer than the 3 s window (+{PROMISE_SLACK_SECS} s for rounding)"
    );
    let reset_in = reset as f64 - refused_unix;
    ensure!(
        reset_in <= longest as f64,
        "`X-RateLimit-Reset: {reset}` is {reset_in:.0} s from now, beyond the 3 s window (+{PROMISE_SLACK_SECS} s for rounding): a promise no correct limiter makes (X-RateLimit-Reset is in unix seconds); the grader does not wait for it"
    );
    if retry_after >= 2 {
        at(
            refused_at,
            Duration::from_secs_f64(retry_after as f64 - 1.2),
        )
        .await;
        hit(&http).await?.expect_status(
            &[429],
            &format!("a request 1.2 s before the promised moment (Retry-After: {retry_after})"),
        )?;
    }
    // The earlier of the two promises, plus a little for the clocks: a
    // request at or after either moment must be accepted.
    let wait = (retry_after as f64).min(reset_in).max(0.0) + 0.25;
    at(refused_at, Duration::from_secs_f64(wait)).await;
    let reply = hit(&http).await?;
    reply.expect(
        reply.status != 429,
        "accepted at the earlier promised moment",
        || {
            format!(
                "refused {wait:.1} s after the 429, although Retry-After ({retry_after} s) and X-RateLimit-Reset ({reset}, {reset_in:.1} s away) promised a request would be accepted by then"
            )
        },
    )?;
    Ok(format!(
        "Retry-After: {retry_after} and X-RateLimit-Reset held: refused before, accepted at the earlier promised moment"
    ))
}

pub async fn limit_and_remaining(cx: Ctx) -> Outcome {
    let http = client(&cx, 9, 1)?;
    for n in 1..=DEFAULT_LIMIT + 1 {
        let reply = hit(&http).await?;
        let remaining = DEFAULT_LIMIT.saturating_sub(n);
        let limit = reply
            .header("x-ratelimit-limit")
            .map(str::trim)
            .map(str::to_owned);
        let left = reply
            .header("x-ratelimit-remaining")
            .map(str::trim)
            .map(str::to_owned);
        reply.expect(
            limit.as_deref() == Some("10")
                && left.as_deref() == Some(remaining.to_string().as_str()),
            &format!("`X-RateLimit-Limit: 10` and `X-RateLimit-Remaining: {remaining}`"),
            || format!("request {n}: X-RateLimit-Limit {limit:?}, X-RateLimit-Remaining {left:?}"),
        )?;
    }
    Ok(
        "X-RateLimit-Limit and X-RateLimit-Remaining are right on every answer, 0 on the 429"
            .to_owned(),
    )
}
