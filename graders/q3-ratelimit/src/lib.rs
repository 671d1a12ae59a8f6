//! The hidden check suite of exercise Q3: a rate-limiter middleware.
//!
//! It proves what the task asks by measuring: different clients are
//! different loopback source addresses, time-sensitive checks run on
//! instances with short windows, and efficiency is the latency of a decision
//! as tracked clients grow. It depends on the harness alone.

mod checks;
mod clients;
mod suite;

use kit_harness::{Criterion, Exercise, ReviewItem, ServiceSpec};

pub use suite::{CORRECTNESS, EXTENSIBILITY, ROBUSTNESS};

pub const CRITERIA: &[Criterion] = &[
    Criterion {
        id: CORRECTNESS,
        title: "Correctness and efficiency: accurate per IP, fast with many IPs",
    },
    Criterion {
        id: ROBUSTNESS,
        title: "Robustness: edge cases and high traffic",
    },
    Criterion {
        id: EXTENSIBILITY,
        title: "Extensibility: other limits and windows, shared storage",
    },
];

pub const REVIEW: &[ReviewItem] = &[
    ReviewItem {
        id: "quality",
        title: "Code quality and extensibility",
        look_for: &[
            "the limiting algorithm behind a small interface (a store with one operation: decide for this client now), not tangled with HTTP",
            "limit and window as configuration, not constants in the middleware",
            "the decision and the update made atomically (one lock per decision or per client, an atomic store operation, a Lua script), not check-then-set",
            "idle clients' state dropped, off the request path",
        ],
        levels: [
            "Limiting tangled with handlers; a global lock around all clients or check-then-set races; limit and window hard-coded; state grows forever.",
            "A middleware that works, but the store is not separable from HTTP, or updates are not atomic under concurrency.",
            "A small store interface behind the middleware; per-key atomic decisions; limit and window from configuration; idle state evicted off the request path.",
            "As 3, and a second store (Redis) drops in without touching the middleware; the algorithm choice and its edge cases are documented.",
        ],
    },
    ReviewItem {
        id: "tests",
        title: "Tests the candidate wrote",
        look_for: &[
            "tests of the limit per IP, of the reset headers and of concurrency",
            "time controlled in tests (short windows, an injectable clock), no long sleeps",
        ],
        levels: [
            "No new tests, or tests that assert nothing meaningful.",
            "The 11th request gets 429 is tested; headers, reset and separate clients are not.",
            "Limit per client, the headers and the window reset are tested, with short windows or a controlled clock.",
            "As 3, plus concurrent requests, the store tested on its own, and no test that sleeps for real seconds.",
        ],
    },
];

pub fn exercise() -> Exercise {
    Exercise {
        id: "q3",
        name: "q3-ratelimit",
        title: "Rate limiter middleware",
        starter_dir: "starters/q3-ratelimit",
        solution_dir: "solutions/q3-ratelimit",
        criteria: CRITERIA,
        review: REVIEW,
        service: ServiceSpec {
            files: &[],
            env: &[],
            output_cap: kit_harness::DEFAULT_OUTPUT_CAP,
        },
        checks: suite::checks(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_suite_is_well_formed() {
        let problems = super::exercise().lint();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn client_addresses_are_per_check_and_never_the_readiness_address() {
        use std::net::{IpAddr, Ipv4Addr};
        assert_eq!(
            crate::clients::address(3, 1),
            IpAddr::V4(Ipv4Addr::new(127, 3, 0, 1))
        );
        assert_eq!(
            crate::clients::address(100, 5000),
            IpAddr::V4(Ipv4Addr::new(127, 100, 19, 136))
        );
    }
}
