//! Memory held by the in-memory store for a million distinct clients, and
//! what eviction gives back.
//!
//! ```console
//! $ cargo run --release -p q3-ratelimit-benchmarks --example memory
//! ```
//!
//! Reads the resident set size (`VmRSS` in `/proc/self/status`, Linux only)
//! after each phase. Time is simulated, so the run takes seconds, not
//! minutes: eviction is called as the sweeper would call it a window later.
//! `B/client` is the growth of the RSS since the start, per client tracked.

use std::{
    net::{IpAddr, Ipv4Addr},
    time::{Duration, Instant},
};

use q3_ratelimit_solution::rate_limit::{ClientKey, MemoryStore, Policy};

const CLIENTS: u32 = 1_000_000;

fn main() {
    let policy = Policy::new(10, Duration::from_secs(60)).expect("a valid policy");
    let window = policy.window();
    let period = window / policy.max_requests();
    let baseline = rss_kib();
    println!("policy: {policy}; {CLIENTS} distinct clients");
    println!(
        "{:<46} {:>9} {:>12} {:>10}",
        "phase", "RSS MiB", "clients", "B/client"
    );
    let report = |phase: &str, store: &MemoryStore| {
        let grown = rss_kib().saturating_sub(baseline) * 1024;
        let per_client = grown.checked_div(store.len() as u64).unwrap_or(0);
        println!(
            "{phase:<46} {:>9.1} {:>12} {:>10}",
            rss_kib() as f64 / 1024.0,
            store.len(),
            per_client
        );
    };

    let store = MemoryStore::new();
    report("empty store", &store);

    let start = Instant::now();
    for n in 0..CLIENTS {
        store.decide(&policy, client(n), start);
    }
    report("1 request from each client", &store);

    let evict = |at: Instant| {
        let started = Instant::now();
        let evicted = store.evict_idle(window, at);
        let took = started.elapsed();
        println!(
            "  (sweep: {evicted} evicted in {} ms, about {} µs per shard lock)",
            took.as_millis(),
            took.as_micros() / MemoryStore::SHARDS as u128
        );
    };
    evict(start + window);
    report("after eviction, a window later", &store);

    let later = start + window * 2;
    for request in 0..policy.max_requests() {
        for n in 0..CLIENTS {
            store.decide(&policy, client(n), later + period * request);
        }
    }
    report("each client at its limit (10 requests)", &store);
    println!(
        "  ({} timestamps allocated, {} MiB of them)",
        store.timestamps_held(),
        store.timestamps_held() * 8 / (1024 * 1024)
    );

    evict(later + window * 2);
    report("after eviction, a window later", &store);

    // What the allocator kept is reused: a new million clients at their
    // limit hardly grow the process.
    let again = later + window * 4;
    for request in 0..policy.max_requests() {
        for n in CLIENTS..CLIENTS * 2 {
            store.decide(&policy, client(n), again + period * request);
        }
    }
    report("a million other clients at their limit", &store);
    evict(again + window * 2);
    report("after eviction, a window later", &store);
    println!("peak RSS: {:.1} MiB", peak_rss_kib() as f64 / 1024.0);
}

fn client(n: u32) -> ClientKey {
    ClientKey::from(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)))
}

fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}

fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

/// A `kB` line of `/proc/self/status`; 0 where there is none.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
