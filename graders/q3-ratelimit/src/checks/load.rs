//! High traffic: simultaneous requests, many clients at once, and whether
//! a decision gets slower as the number of tracked clients grows.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::future::join_all;
use futures_util::stream;
use kit_harness::{Ctx, Failure, Outcome, ensure};

use crate::checks::limit::DEFAULT_LIMIT;
use crate::clients::{accepted, burst, client, hit};

pub const SIMULTANEOUS: usize = 50;

/// 50 simultaneous requests from a fresh client: exactly 10 pass. Three
/// rounds, because a racy check-then-set only sometimes lets extra through.
pub async fn simultaneous_requests(cx: Ctx) -> Outcome {
    for round in 1..=3u16 {
        let http = client(&cx, 10, round)?;
        let replies = join_all((0..SIMULTANEOUS).map(|_| hit(&http))).await;
        let mut statuses = Vec::with_capacity(SIMULTANEOUS);
        for reply in replies {
            statuses.push(reply?.status);
        }
        let passed = statuses.iter().filter(|status| **status != 429).count();
        let errors = statuses.iter().filter(|status| **status >= 500).count();
        ensure!(
            errors == 0,
            "round {round}: {errors} of {SIMULTANEOUS} simultaneous requests got a 5xx"
        );
        ensure!(
            passed == DEFAULT_LIMIT,
            "round {round}: {passed} of {SIMULTANEOUS} simultaneous requests from one fresh client passed, expected exactly {DEFAULT_LIMIT} (the check and the update must be one atomic step)"
        );
    }
    Ok(format!(
        "3 rounds of {SIMULTANEOUS} simultaneous requests: exactly {DEFAULT_LIMIT} passed each time"
    ))
}

pub const BUSY_CLIENTS: u16 = 100;

/// 100 clients at once, 12 requests each: every one gets exactly 10.
pub async fn many_clients_at_once(cx: Ctx) -> Outcome {
    let clients: Vec<_> = (1..=BUSY_CLIENTS)
        .map(|n| client(&cx, 12, n))
        .collect::<Result<_, _>>()?;
    let results = join_all(clients.iter().map(|http| burst(http, DEFAULT_LIMIT + 2))).await;
    for (index, result) in results.into_iter().enumerate() {
        let passed = accepted(&result?);
        ensure!(
            passed == DEFAULT_LIMIT,
            "client {} of {BUSY_CLIENTS} (all sending at once) got {passed} of 12 requests through, expected {DEFAULT_LIMIT}",
            index + 1
        );
    }
    Ok(format!(
        "{BUSY_CLIENTS} clients sending at once each got exactly {DEFAULT_LIMIT}"
    ))
}

/// Sends one request from each of clients `1..=count` of the slots starting
/// at `first_slot` (256 clients... 65535 per slot), `parallel` at a time;
/// returns how many were refused and the first failure.
async fn one_request_each(
    cx: &Ctx,
    first_slot: u8,
    count: u32,
    parallel: usize,
) -> Result<usize, Failure> {
    let refused = stream::iter(0..count)
        .map(|index| async move {
            let slot = first_slot + u8::try_from(index / 65_000).unwrap_or(0);
            let n = u16::try_from(index % 65_000 + 1).unwrap_or(1);
            let reply = hit(&client(cx, slot, n)?).await?;
            Ok::<bool, Failure>(reply.status == 429)
        })
        .buffer_unordered(parallel)
        .collect::<Vec<_>>()
        .await;
    let mut count_refused = 0;
    for result in refused {
        if result? {
            count_refused += 1;
        }
    }
    Ok(count_refused)
}

pub const MANY_CLIENTS: u32 = 5_000;

pub async fn many_clients_served(cx: Ctx) -> Outcome {
    let refused = one_request_each(&cx, 100, MANY_CLIENTS, 32).await?;
    ensure!(
        refused == 0,
        "{refused} of {MANY_CLIENTS} distinct clients were refused their first request (a shared or capped budget?)"
    );
    Ok(format!("{MANY_CLIENTS} distinct clients were each served"))
}

const PROBES: u16 = 200;
const PROBE_CLIENTS: u16 = 40;
pub const TRACKED: u32 = 20_000;

/// Median latency of `PROBES` requests round-robin over `PROBE_CLIENTS`
/// fresh clients of `slot` (5 each: under the limit).
async fn probe_latency(cx: &Ctx, slot: u8) -> Result<Duration, Failure> {
    let clients: Vec<_> = (1..=PROBE_CLIENTS)
        .map(|n| client(cx, slot, n))
        .collect::<Result<_, _>>()?;
    let mut latencies = Vec::with_capacity(usize::from(PROBES));
    for index in 0..PROBES {
        let http = &clients[usize::from(index % PROBE_CLIENTS)];
        let started = Instant::now();
        let reply = hit(http).await?;
        latencies.push(started.elapsed());
        reply.expect(
            reply.status != 429,
            "not 429 (5 requests per client)",
            || "a probe was refused".to_owned(),
        )?;
    }
    latencies.sort_unstable();
    Ok(latencies[latencies.len() / 2])
}

/// A decision must not cost more as clients accumulate (an O(clients) scan
/// per request). Median latency with few clients tracked, then with 20,000
/// more: within a factor of 3 (plus 0.5 ms for noise), tried twice.
pub async fn decision_cost_flat(cx: Ctx) -> Outcome {
    let mut last = String::new();
    for attempt in 0..2u8 {
        let before = probe_latency(&cx, 110 + attempt * 3).await?;
        if attempt == 0 {
            let refused = one_request_each(&cx, 120, TRACKED, 32).await?;
            ensure!(
                refused == 0,
                "{refused} of {TRACKED} distinct clients were refused their first request"
            );
        }
        let after = probe_latency(&cx, 111 + attempt * 3).await?;
        cx.note(format!(
            "attempt {}: median latency {} µs with few clients tracked, {} µs with {TRACKED} more",
            attempt + 1,
            before.as_micros(),
            after.as_micros()
        ));
        if after <= before * 3 + Duration::from_micros(500) {
            return Ok(format!(
                "median latency {} µs before and {} µs after {TRACKED} more clients",
                before.as_micros(),
                after.as_micros()
            ));
        }
        last = format!(
            "the median request took {} µs with few clients tracked but {} µs with {TRACKED} more: each decision seems to scan every client",
            before.as_micros(),
            after.as_micros()
        );
    }
    Err(Failure::fail(last))
}
