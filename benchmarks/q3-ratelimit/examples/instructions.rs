//! Runs a fixed amount of limiter work, so that a tool counting
//! instructions (cachegrind) can measure its cost exactly, whatever else
//! the machine is doing. See `benches/instructions.sh`.
//!
//! ```console
//! $ cargo run --release -p q3-ratelimit-benchmarks --example instructions -- <what> <count>
//! ```
//!
//! `what`:
//! - `request-none`, `request-unlimited`, `request-memory`: `count`
//!   in-process requests to `GET /api/notes` without the middleware, with
//!   it over a store that accepts everything, with it over the in-memory
//!   store (as `benches/middleware.rs`);
//! - `decision-unlimited`, `decision-memory`: `count` decisions, clients
//!   in turn (1 000, or the third argument), all accepted.

#[path = "../benches/support/apps.rs"]
mod apps;

use std::{
    hint::black_box,
    net::{IpAddr, Ipv4Addr},
    time::Instant,
};

use actix_web::rt::System;
use futures_util::FutureExt;
use q3_ratelimit_benchmarks::Unlimited;
use q3_ratelimit_solution::rate_limit::{
    ClientKey, Decision, Limiter, MemoryStore, RateLimitStore,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let count: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let clients: u32 = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(apps::CLIENTS);
    let system = System::new();
    match what.as_str() {
        "request-none" => {
            let app = system.block_on(apps::without_limiter());
            system.block_on(apps::requests(&app, count));
        }
        "request-unlimited" => {
            let app = system.block_on(apps::with_unlimited());
            system.block_on(apps::requests(&app, count));
        }
        "request-memory" => {
            let app = system.block_on(apps::with_memory());
            system.block_on(apps::requests(&app, count));
        }
        "decision-unlimited" => {
            decisions(&Limiter::new(apps::policy(), Unlimited), count, clients);
        }
        "decision-memory" => {
            decisions(
                &Limiter::new(apps::policy(), MemoryStore::new()),
                count,
                clients,
            );
        }
        other => {
            eprintln!(
                "unknown `{other}`: request-none, request-unlimited, request-memory, decision-unlimited or decision-memory"
            );
            std::process::exit(2);
        }
    }
}

/// `count` decisions as the middleware makes them, `clients` in turn; each
/// client is a window apart from its previous request, so all are accepted.
fn decisions<S: RateLimitStore>(limiter: &Limiter<S>, count: u64, clients: u32) {
    let step = apps::policy().window() / clients.max(1);
    let mut now = Instant::now();
    for i in 0..count {
        let n = u32::try_from(i % u64::from(clients.max(1))).unwrap_or(0);
        let client = ClientKey::from(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)));
        let decision = limiter
            .check(client, now)
            .now_or_never()
            .and_then(Result::ok);
        assert!(matches!(decision, Some(Decision::Allowed { .. })));
        black_box(decision);
        now += step;
    }
}
