//! Cost of one rate-limit decision, in memory, against a baseline that
//! decides nothing ([`Unlimited`]). Every decision goes through
//! `Limiter::check`, the call the middleware makes.
//!
//! ```console
//! $ cargo bench -p q3-ratelimit-benchmarks --bench limiter
//! ```
//!
//! Time is simulated where it matters: decisions are given `Instant`s that
//! advance by a fixed step, chosen so that every client comes back exactly
//! when its oldest request leaves the window. So the "accepted" cases
//! measure the steady state of clients at their limit (log full, one entry
//! dropped, one recorded), and the benchmark checks that not one decision
//! was a rejection. Reading the clock, which the middleware does once per
//! request, is measured on its own.

use std::{
    hint::black_box,
    net::{IpAddr, Ipv4Addr},
    sync::Mutex,
    thread,
    time::{Duration, Instant},
};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::FutureExt;
use q3_ratelimit_benchmarks::Unlimited;
use q3_ratelimit_solution::rate_limit::{
    ClientKey, Decision, Limiter, MemoryStore, Policy, RateLimitStore,
};

/// The contract's defaults: 10 per 60 s.
fn policy() -> Policy {
    Policy::new(10, Duration::from_secs(60)).expect("a valid policy")
}

fn client(n: u32) -> ClientKey {
    ClientKey::from(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)))
}

/// One decision, as the middleware makes it (the in-memory future is
/// ready at once).
fn decide<S: RateLimitStore>(limiter: &Limiter<S>, client: ClientKey, now: Instant) -> Decision {
    limiter
        .check(client, now)
        .now_or_never()
        .expect("an in-memory decision is immediate")
        .expect("an in-memory decision cannot fail")
}

/// Clients `first..first + count`, in turn, each exactly a `window / max`
/// after its previous request: always accepted once they are at their
/// limit. Walks without divisions, so that it costs next to nothing.
struct Cursor {
    first: u32,
    count: u32,
    n: u32,
    now: Instant,
    step: Duration,
}

impl Cursor {
    /// Brings the clients to their limit (`max` requests each, on this
    /// schedule) and returns the cursor at the next request.
    fn at_the_limit(limiter: &Limiter<MemoryStore>, first: u32, count: u32) -> Self {
        let policy = *limiter.policy();
        let mut cursor = Self {
            first,
            count,
            n: 0,
            now: Instant::now(),
            step: policy.window() / policy.max_requests() / count,
        };
        let requests = u64::from(policy.max_requests()) * u64::from(count);
        for _ in 0..requests {
            cursor.decide(limiter);
        }
        cursor
    }

    fn decide(&mut self, limiter: &Limiter<MemoryStore>) -> Decision {
        let decision = decide(limiter, client(self.first + self.n), self.now);
        self.n += 1;
        if self.n == self.count {
            self.n = 0;
        }
        self.now += self.step;
        decision
    }

    /// `iters` decisions; the time they took, and how many were rejected.
    fn run(&mut self, limiter: &Limiter<MemoryStore>, iters: u64) -> (Duration, u64) {
        let mut rejected = 0;
        let started = Instant::now();
        for _ in 0..iters {
            if let Decision::Rejected { .. } = black_box(self.decide(limiter)) {
                rejected += 1;
            }
        }
        (started.elapsed(), rejected)
    }
}

/// A client at its limit, and a moment when it is still there.
fn full(limiter: &Limiter<MemoryStore>) -> Instant {
    Cursor::at_the_limit(limiter, 0, 1).now - Duration::from_millis(1)
}

fn uncontended(c: &mut Criterion) {
    let mut group = c.benchmark_group("decision");
    group.throughput(Throughput::Elements(1));

    group.bench_function("clock: Instant::now", |b| b.iter(Instant::now));

    let unlimited = Limiter::new(policy(), Unlimited);
    let now = Instant::now();
    group.bench_function("baseline: unlimited", |b| {
        b.iter(|| decide(&unlimited, black_box(client(1)), black_box(now)));
    });

    let limiter = Limiter::new(policy(), MemoryStore::new());
    let now = full(&limiter);
    group.bench_function("memory: rejected, 1 client", |b| {
        b.iter(|| decide(&limiter, black_box(client(0)), black_box(now)));
    });

    for clients in [1, 1_000, 100_000, 1_000_000] {
        let limiter = Limiter::new(policy(), MemoryStore::new());
        let mut cursor = Cursor::at_the_limit(&limiter, 0, clients);
        let mut rejected = 0;
        group.bench_with_input(
            BenchmarkId::new("memory: accepted, clients tracked", clients),
            &clients,
            |b, _| {
                b.iter_custom(|iters| {
                    let (elapsed, refused) = cursor.run(&limiter, iters);
                    rejected += refused;
                    elapsed
                });
            },
        );
        assert_eq!(rejected, 0, "{clients} clients: some were rejected");
    }
    group.finish();
}

/// Several threads deciding at once. Time per decision is wall time divided
/// by all the decisions made, i.e. the inverse of the throughput.
fn contended(c: &mut Criterion) {
    let mut group = c.benchmark_group("contended");
    group.throughput(Throughput::Elements(1));
    let threads = thread::available_parallelism()
        .map_or(2, usize::from)
        .max(2);

    let unlimited = Limiter::new(policy(), Unlimited);
    let now = Instant::now();
    group.bench_function(format!("baseline: unlimited, {threads} threads"), |b| {
        b.iter_custom(|iters| {
            in_parallel(threads, iters, |_, per_thread| {
                for _ in 0..per_thread {
                    black_box(decide(&unlimited, client(0), black_box(now)));
                }
            })
        });
    });

    // Every thread on one client at its limit: one lock, the worst case.
    let limiter = Limiter::new(policy(), MemoryStore::new());
    let now = full(&limiter);
    group.bench_function(
        format!("memory: rejected, 1 client, {threads} threads"),
        |b| {
            b.iter_custom(|iters| {
                in_parallel(threads, iters, |_, per_thread| {
                    for _ in 0..per_thread {
                        black_box(decide(&limiter, client(0), black_box(now)));
                    }
                })
            });
        },
    );

    // Each thread on clients of its own, accepted.
    let per_thread_clients = 10_000;
    let limiter = Limiter::new(policy(), MemoryStore::new());
    let cursors: Vec<Mutex<Cursor>> = (0..threads)
        .map(|thread| {
            let first = u32::try_from(thread).unwrap_or(0) * per_thread_clients;
            Mutex::new(Cursor::at_the_limit(&limiter, first, per_thread_clients))
        })
        .collect();
    let rejected = Mutex::new(0);
    group.bench_function(
        format!("memory: accepted, {per_thread_clients} clients per thread, {threads} threads"),
        |b| {
            b.iter_custom(|iters| {
                in_parallel(threads, iters, |thread, per_thread| {
                    let mut cursor = cursors[thread].lock().unwrap_or_else(|e| e.into_inner());
                    let (_, refused) = cursor.run(&limiter, per_thread);
                    *rejected.lock().unwrap_or_else(|e| e.into_inner()) += refused;
                })
            });
        },
    );
    assert_eq!(*rejected.lock().unwrap(), 0, "some were rejected");
    group.finish();
}

/// Splits `iters` decisions over `threads` threads, each running
/// `work(thread, its share)`; returns the wall time of the whole.
fn in_parallel(threads: usize, iters: u64, work: impl Fn(usize, u64) + Sync) -> Duration {
    let per_thread = iters.div_ceil(threads as u64);
    let started = Instant::now();
    thread::scope(|scope| {
        for thread in 0..threads {
            let work = &work;
            scope.spawn(move || work(thread, per_thread));
        }
    });
    started.elapsed()
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = uncontended, contended
}
criterion_main!(benches);
