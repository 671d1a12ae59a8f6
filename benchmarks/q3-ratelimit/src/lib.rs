//! Support for the Q3 limiter's benchmarks (`benches/`, `examples/`, the
//! scripts beside them): README.md has the commands and the figures.

use std::{future::ready, time::Instant};

use q3_ratelimit_solution::rate_limit::{ClientKey, Decision, Policy, RateLimitStore, StoreError};

/// Accepts every request and records nothing: the baseline the benchmarks
/// compare the real stores with, so that what is left is the store's cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unlimited;

impl RateLimitStore for Unlimited {
    fn check(
        &self,
        policy: &Policy,
        _client: ClientKey,
        _now: Instant,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send {
        ready(Ok(Decision::Allowed {
            remaining: policy.max_requests(),
        }))
    }
}
