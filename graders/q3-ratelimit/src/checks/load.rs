//! High traffic: simultaneous requests, many clients at once, and whether
//! a decision gets slower as the number of tracked clients grows.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::future::join_all;
use futures_util::stream;
use kit_harness::{Ctx, Failure, Instance, Outcome, Overrides, ensure};

use crate::checks::limit::DEFAULT_LIMIT;
use crate::clients::{accepted, burst, client, client_of, hit};

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
/// at `first_slot` (65,000 clients per slot), `parallel` at a time, to
/// `instance`; returns how many were refused.
async fn one_request_each(
    cx: &Ctx,
    instance: &Instance,
    first_slot: u8,
    count: u32,
    parallel: usize,
) -> Result<usize, Failure> {
    let refused = stream::iter(0..count)
        .map(|index| async move {
            let slot = first_slot + u8::try_from(index / 65_000).unwrap_or(0);
            let n = u16::try_from(index % 65_000 + 1).unwrap_or(1);
            let http = client_of(cx, instance, slot, n)?;
            let reply = hit(&http).await?;
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

/// Slot of the clients that show a limiter is there before it is loaded.
const PROBE_SLOT: u8 = 109;

/// What the load checks build on, shown on the instance they load: a client
/// sending `up_to` requests in a row is refused at some point. Without it a
/// service that limits nothing would serve any number of clients fast. How
/// many pass first is other checks' business (`q3.limit.eleventh_is_429`,
/// `q3.config.other_limit`), so a limit off by one or a wrong default does
/// not cost these checks too.
async fn expect_limits_at_all(
    cx: &Ctx,
    instance: &Instance,
    n: u16,
    limit: usize,
    up_to: usize,
) -> Result<(), Failure> {
    let http = client_of(cx, instance, PROBE_SLOT, n)?;
    for _ in 0..up_to {
        if hit(&http).await?.status == 429 {
            return Ok(());
        }
    }
    Err(Failure::fail(format!(
        "none of {up_to} requests in a row from one client was refused with 429 (RATE_LIMIT_MAX_REQUESTS={limit}): there is no limiter to load"
    )))
}

pub const MANY_CLIENTS: u32 = 5_000;
const MANY_CLIENTS_LIMIT: usize = 5;

/// On an instance of its own (5 per 60 s, shown to limit first), one request
/// from each of 5,000 clients: none is refused.
pub async fn many_clients_served(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", MANY_CLIENTS_LIMIT.to_string())
        .set("RATE_LIMIT_WINDOW_SECS", "60");
    let (instance, _) = cx.start_fresh(&settings).await?;
    expect_limits_at_all(&cx, &instance, 1, MANY_CLIENTS_LIMIT, 30).await?;
    let refused = one_request_each(&cx, &instance, 100, MANY_CLIENTS, 32).await?;
    ensure!(
        refused == 0,
        "{refused} of {MANY_CLIENTS} distinct clients were refused their first request (a shared or capped budget?)"
    );
    Ok(format!("{MANY_CLIENTS} distinct clients were each served"))
}

/// Requests per instance in one round of latency probes.
const PROBES: u16 = 200;
/// Probe clients per round (5 requests each, far below the limit).
const PROBE_CLIENTS: u16 = 40;
/// Clients the loaded instance tracks when its decisions are timed.
pub const TRACKED: u32 = 10_000;
/// Rounds of probes, each judged on its own: one within bounds passes.
const ROUNDS: u8 = 5;
/// The loaded instance's median may be this many times the fresh one's...
const FACTOR: u32 = 2;
/// ...plus this, for noise.
const SLACK: Duration = Duration::from_micros(150);

fn median(mut latencies: Vec<Duration>) -> Duration {
    latencies.sort_unstable();
    latencies[latencies.len() / 2]
}

/// One round: `PROBES` requests to each instance, alternating between them
/// (so that whatever else the machine is doing slows both alike), round
/// robin over `PROBE_CLIENTS` new clients of `slot`. Returns the median
/// latencies (fresh instance, loaded instance).
async fn paired_latencies(
    cx: &Ctx,
    fresh: &Instance,
    loaded: &Instance,
    slot: u8,
) -> Result<(Duration, Duration), Failure> {
    let mut pairs = Vec::with_capacity(usize::from(PROBE_CLIENTS));
    for n in 1..=PROBE_CLIENTS {
        pairs.push((
            client_of(cx, fresh, slot, n)?,
            client_of(cx, loaded, slot, n)?,
        ));
    }
    let mut on_fresh = Vec::with_capacity(usize::from(PROBES));
    let mut on_loaded = Vec::with_capacity(usize::from(PROBES));
    for index in 0..PROBES {
        let (to_fresh, to_loaded) = &pairs[usize::from(index % PROBE_CLIENTS)];
        // Alternate which goes first, so neither always follows the other.
        let order = if index % 2 == 0 {
            [(to_fresh, &mut on_fresh), (to_loaded, &mut on_loaded)]
        } else {
            [(to_loaded, &mut on_loaded), (to_fresh, &mut on_fresh)]
        };
        for (http, latencies) in order {
            let started = Instant::now();
            let reply = hit(http).await?;
            latencies.push(started.elapsed());
            reply.expect(reply.status != 429, "not 429 (far below the limit)", || {
                "a latency probe was refused".to_owned()
            })?;
        }
    }
    Ok((median(on_fresh), median(on_loaded)))
}

/// The limit on the instances `decision_cost_flat` times: far above what any
/// client sends there (5 requests per probe client, 10 for warming up).
const TIMED_LIMIT: usize = 50;

/// A decision must not cost more as clients accumulate (an O(clients) scan
/// per request). Two fresh instances with a 1-hour window (no client expires
/// during the check), the first shown to limit at all; one is sent 10,000
/// distinct clients. Then the median
/// latency of requests alternating between the two: the loaded one's must
/// stay within 2 × the fresh one's + 150 µs in at least one of 5 rounds (new
/// probe clients each time). The fresh instance is the baseline and is never
/// loaded, so no round compares the loaded instance with itself.
pub async fn decision_cost_flat(cx: Ctx) -> Outcome {
    let settings = Overrides::new()
        .set("RATE_LIMIT_MAX_REQUESTS", TIMED_LIMIT.to_string())
        .set("RATE_LIMIT_WINDOW_SECS", "3600");
    let (fresh, _) = cx.start_fresh(&settings).await?;
    expect_limits_at_all(&cx, &fresh, 2, TIMED_LIMIT, 3 * TIMED_LIMIT).await?;
    let (loaded, _) = cx.start_fresh(&settings).await?;
    // Warm both up alike (first requests may pay for lazy set-up).
    for instance in [&fresh, &loaded] {
        let warm = client_of(&cx, instance, 110, 1)?;
        for _ in 0..10 {
            hit(&warm).await?;
        }
    }
    let refused = one_request_each(&cx, &loaded, 120, TRACKED, 32).await?;
    ensure!(
        refused == 0,
        "{refused} of {TRACKED} distinct clients were refused their first request"
    );
    // Every round runs, even after one passed, so that a report's evidence
    // does not depend on how busy the machine was; one within bounds passes.
    let mut rounds = Vec::with_capacity(usize::from(ROUNDS));
    for round in 1..=ROUNDS {
        let (baseline, measured) = paired_latencies(&cx, &fresh, &loaded, 110 + round).await?;
        cx.note(format!(
            "round {round}: median latency {} µs on a fresh instance, {} µs on one tracking {TRACKED} clients",
            baseline.as_micros(),
            measured.as_micros()
        ));
        rounds.push((baseline, measured));
    }
    let within =
        |(baseline, measured): &(Duration, Duration)| *measured <= *baseline * FACTOR + SLACK;
    if let Some((baseline, measured)) = rounds.iter().find(|round| within(round)) {
        return Ok(format!(
            "median latency {} µs with few clients tracked, {} µs with {TRACKED}",
            baseline.as_micros(),
            measured.as_micros()
        ));
    }
    let (baseline, measured) = rounds[rounds.len() - 1];
    Err(Failure::fail(format!(
        "the median request took {} µs on a fresh instance but {} µs on one tracking {TRACKED} clients (over {FACTOR} × + {} µs, in each of {ROUNDS} rounds): each decision seems to scan every client",
        baseline.as_micros(),
        measured.as_micros(),
        SLACK.as_micros()
    )))
}
