//! What a 429 tells the client, and whether it tells the truth.

use std::time::{Duration, Instant};

use kit_harness::{Ctx, Failure, Outcome, Overrides, Reply, ensure};

use crate::checks::limit::DEFAULT_LIMIT;
use crate::clients::{at, burst, client, client_of, expect_all_accepted, hit, unix_now};

/// `Retry-After` (seconds) and `X-RateLimit-Reset` (unix seconds) of a 429,
/// in the format the contract asks for: whole numbers. This is the one check
/// that judges the format; [`promised_moments`] reads the same headers
/// leniently to test what they promise.
fn reset_headers(reply: &Reply) -> Result<(u64, u64), Failure> {
    let retry_after = reply
        .header("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
    reply.expect(
        retry_after.is_some_and(|seconds| seconds >= 1),
        "`Retry-After`: whole seconds, at least 1",
        || match reply.header("retry-after") {
            None => "no `Retry-After` header".to_owned(),
            Some(value) => {
                format!("`Retry-After: {value}` is not a whole number of seconds, at least 1")
            }
        },
    )?;
    let reset = reply
        .header("x-ratelimit-reset")
        .and_then(|value| value.trim().parse::<u64>().ok());
    reply.expect(
        reset.is_some(),
        "`X-RateLimit-Reset`: whole unix seconds",
        || match reply.header("x-ratelimit-reset") {
            None => "no `X-RateLimit-Reset` header".to_owned(),
            Some(value) if number(value).is_some() => format!(
                "`X-RateLimit-Reset: {value}` is not a whole number: the contract asks for integer unix seconds, rounded up"
            ),
            Some(value) => format!("`X-RateLimit-Reset: {value}` is not unix seconds"),
        },
    )?;
    Ok((retry_after.unwrap_or_default(), reset.unwrap_or_default()))
}

/// A header value read as a finite, non-negative number of seconds, with
/// fractions (`60`, `1796394952.26`).
fn number(value: &str) -> Option<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
}

/// What a 429 promises, read leniently: `Retry-After` and
/// `X-RateLimit-Reset` as numbers, fractions accepted (their format is
/// `q3.headers.too_many_requests`'s to judge). At least one must be there.
fn promised_moments(reply: &Reply) -> Result<(Option<f64>, Option<f64>), Failure> {
    let retry_after = reply.header("retry-after").and_then(number);
    let reset = reply.header("x-ratelimit-reset").and_then(number);
    reply.expect(
        retry_after.is_some() || reset.is_some(),
        "a promise: `Retry-After` or `X-RateLimit-Reset` as a number of seconds",
        || {
            format!(
                "the 429 promises nothing the grader can read: `Retry-After` is {:?}, `X-RateLimit-Reset` is {:?}",
                reply.header("retry-after"),
                reply.header("x-ratelimit-reset")
            )
        },
    )?;
    Ok((retry_after, reset))
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
/// accepted (each header is a promise on its own). The promises are read as
/// sent, fractions included (`X-RateLimit-Reset: 1796394952.26` promises
/// that moment): their format is `q3.headers.too_many_requests`'s to judge,
/// so a formatting fault costs that check alone. A promise is bounded by the
/// window before the grader waits on it, so a lying header fails the check
/// with evidence instead of making it sleep.
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
    let (retry_after, reset) = promised_moments(&refused)?;
    let longest = (PROMISE_WINDOW_SECS + PROMISE_SLACK_SECS) as f64;
    if let Some(retry_after) = retry_after {
        ensure!(
            retry_after <= longest,
            "`Retry-After: {retry_after}` is longer than the 3 s window (+{PROMISE_SLACK_SECS} s for rounding)"
        );
    }
    let reset_in = reset.map(|reset| reset - refused_unix);
    if let (Some(reset), Some(reset_in)) = (reset, reset_in) {
        ensure!(
            reset_in <= longest,
            "`X-RateLimit-Reset: {reset}` is {reset_in:.0} s from now, beyond the 3 s window (+{PROMISE_SLACK_SECS} s for rounding): a promise no correct limiter makes (X-RateLimit-Reset is in unix seconds); the grader does not wait for it"
        );
    }
    // What the 429 promised: in a failure, with the values; in a pass,
    // without the reset's timestamp (reports of one submission compare line
    // for line).
    let (said, kept) = match (retry_after, reset) {
        (Some(seconds), Some(reset)) => (
            format!("Retry-After: {seconds}, X-RateLimit-Reset: {reset}"),
            format!("Retry-After: {seconds} and X-RateLimit-Reset"),
        ),
        (Some(seconds), None) => (
            format!("Retry-After: {seconds}"),
            format!("Retry-After: {seconds}"),
        ),
        (None, Some(reset)) => (
            format!("X-RateLimit-Reset: {reset}"),
            "X-RateLimit-Reset".to_owned(),
        ),
        (None, None) => (String::new(), String::new()),
    };
    // Requests refused before the window is over are what the promise is
    // about: a request well before Retry-After must still be refused.
    if let Some(retry_after) = retry_after.filter(|seconds| *seconds >= 2.0) {
        at(refused_at, Duration::from_secs_f64(retry_after - 1.2)).await;
        hit(&http).await?.expect_status(
            &[429],
            &format!("a request 1.2 s before the promised moment (Retry-After: {retry_after})"),
        )?;
    }
    // The earlier of the two promises, plus a little for the clocks: a
    // request at or after either moment must be accepted.
    let earliest = [retry_after, reset_in]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min)
        .max(0.0);
    let wait = earliest + 0.25;
    at(refused_at, Duration::from_secs_f64(wait)).await;
    let reply = hit(&http).await?;
    reply.expect(
        reply.status != 429,
        "accepted at the earlier promised moment",
        || {
            format!(
                "refused {wait:.1} s after the 429, although it promised ({said}) that a request would be accepted {earliest:.1} s after it"
            )
        },
    )?;
    Ok(format!(
        "{kept} held: refused before, accepted at the earlier promised moment"
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
