//! Cost of the rate-limit middleware per request, in process: `GET
//! /api/notes` through the service's own routes and actix's test service,
//! no network, with and without the limiter.
//!
//! ```console
//! $ cargo bench -p q3-ratelimit-benchmarks --bench middleware
//! ```
//!
//! - `none`: the `/api` scope without the middleware;
//! - `unlimited`: the middleware over a store that accepts everything;
//! - `memory`: the middleware over the in-memory store as the service runs
//!   it, 1 000 clients in turn under a limit they never reach.
//!
//! On a busy machine, `examples/instructions.rs` counts instructions
//! instead, which other processes cannot disturb.

#[path = "support/apps.rs"]
mod apps;

use std::time::Duration;

use actix_web::rt::System;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn middleware(c: &mut Criterion) {
    let mut group = c.benchmark_group("request");
    group.throughput(Throughput::Elements(1));
    let system = System::new();

    let app = system.block_on(apps::without_limiter());
    group.bench_function("none", |b| {
        b.iter_custom(|iters| system.block_on(apps::requests(&app, iters)));
    });
    let app = system.block_on(apps::with_unlimited());
    group.bench_function("unlimited", |b| {
        b.iter_custom(|iters| system.block_on(apps::requests(&app, iters)));
    });
    let app = system.block_on(apps::with_memory());
    group.bench_function("memory", |b| {
        b.iter_custom(|iters| system.block_on(apps::requests(&app, iters)));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = middleware
}
criterion_main!(benches);
