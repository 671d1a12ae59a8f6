//! Where accepted requests are remembered: the [`RateLimitStore`] trait, its
//! answer, and the store chosen at startup.

use std::{
    future::Future,
    sync::Arc,
    time::{Duration, Instant},
};

use futures_util::future::Either;

use super::{ClientKey, MemoryStore, Policy, RedisStore};

/// The answer to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Accepted and recorded; `remaining` more would be accepted right now.
    Allowed { remaining: u32 },
    /// Over the limit, not recorded. A request from this client is accepted
    /// again `retry_after` after the decision, and not before.
    Rejected { retry_after: Duration },
}

/// The store could not decide. Only a remote store fails; see "When the
/// store fails" in the module docs for what the middleware does then.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Redis did not answer within {} ms", .0.as_millis())]
    Timeout(Duration),
    #[error("Redis command failed")]
    Redis(#[from] redis::RedisError),
    #[error("unexpected reply from the rate-limit script: {0}")]
    UnexpectedReply(String),
}

/// Decides requests against a policy and records the accepted ones.
///
/// Implementations must make [`check`](Self::check) atomic per client: of
/// any number of concurrent checks for one client, no more are accepted
/// than the policy allows. One store serves one policy: a second limiter
/// needs its own store (or, for Redis, its own key prefix).
pub trait RateLimitStore: Send + Sync + 'static {
    /// Decides a request of `client` arriving at `now` (a monotonic time;
    /// stores with a clock of their own, like Redis, may ignore it) and
    /// records it if accepted.
    fn check(
        &self,
        policy: &Policy,
        client: ClientKey,
        now: Instant,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send;
}

/// The store the service runs with, chosen by `REDIS_URL`.
#[derive(Debug)]
pub enum Store {
    Memory(Arc<MemoryStore>),
    Redis(RedisStore),
}

impl RateLimitStore for Store {
    fn check(
        &self,
        policy: &Policy,
        client: ClientKey,
        now: Instant,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send {
        match self {
            Self::Memory(store) => Either::Left(store.check(policy, client, now)),
            // Boxed: the Redis future is large, and unboxed it would make
            // every decision's future as large, in-memory ones included
            // (each request moves it into the middleware's future).
            Self::Redis(store) => Either::Right(Box::pin(store.check(policy, client, now))),
        }
    }
}
