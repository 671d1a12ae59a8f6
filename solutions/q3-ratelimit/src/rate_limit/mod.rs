//! Rate limiting: at most `max_requests` accepted requests per client in
//! **any** rolling window of `window`, enforced by an actix-web middleware.
//!
//! # Pieces
//!
//! - [`Policy`]: the limit and the window, valid by construction;
//! - [`ClientKey`]: who is limited, the TCP peer IP address (forwarding
//!   headers are ignored: any client can write them);
//! - [`RateLimitStore`]: where the accepted requests are remembered, and the
//!   one atomic check-and-record step. [`MemoryStore`] (one process) and
//!   [`RedisStore`] (shared by every instance pointing at one Redis);
//! - [`Limiter`]: a policy and a store;
//! - [`RateLimit`]: the middleware, wrapped around a scope, turning each
//!   [`Decision`] into a 429 or into `X-RateLimit-*` headers.
//!
//! # Algorithm: a sliding log
//!
//! Each client has a log of the times of its accepted requests, oldest
//! first. A request at `now` first drops the entries that are `window` or
//! more old; if fewer than `max_requests` remain it is accepted and its time
//! is appended, otherwise it is rejected and nothing is recorded (rejected
//! requests do not count). The request is then accepted again exactly when
//! the oldest entry leaves the window: `oldest + window`, which is what
//! `Retry-After` and `X-RateLimit-Reset` announce, rounded up.
//!
//! Why a log rather than counters: it is the only simple scheme that is
//! *exact* for "never more than `max_requests` in any window". A fixed
//! window (one counter reset on a boundary) lets `2 × max_requests` through
//! around the boundary; a sliding-window counter (two fixed windows,
//! weighted) only approximates, and can exceed the limit; a token bucket or
//! GCRA with a burst of `max_requests` lets up to `2 × max_requests - 1`
//! through in one window (the burst, then the refill). The log is the
//! definition of the rule, so its answers, including the reset time, are
//! exact.
//!
//! # Memory cost
//!
//! At most `max_requests` timestamps per client active in the last window,
//! and nothing for the others:
//! - in memory: 8 bytes per timestamp (nanoseconds since the store started),
//!   in a ring that grows to at most `max_requests` entries, plus a 56-byte
//!   map entry per client and the map's spare room. Measured with the
//!   defaults (10 per minute): about 165 bytes for a client seen once, 215
//!   for a client at its limit, so about 200 MB for a million clients at
//!   their limit (`benchmarks/q3-ratelimit` in the kit's repository). A sweeper drops the logs of clients
//!   idle for a whole window, every window, so memory follows the recently
//!   active clients;
//! - in Redis: one sorted set per active client, at most `max_requests`
//!   members, that expires by itself a window after its last accepted
//!   request.
//!
//! The price of exactness is that memory grows with `max_requests`, which is
//! why [`Policy`] caps it (100 000): a limit of millions per window would
//! call for an approximate scheme instead.
//!
//! # When the store fails
//!
//! Only [`RedisStore`] can fail (Redis down or too slow). Each call is
//! bounded by a timeout, so a request never hangs on it, and the middleware
//! then **fails open**: the request is served without limiting and without
//! `X-RateLimit-*` headers, and the error is logged (at most once a second,
//! with a count of the failures in between). A limiter is there to shed
//! abusive load, not to be a single point of failure: while Redis is down
//! the API keeps working, unlimited, and limiting resumes as soon as Redis
//! answers again (the connection is re-established in the background).

mod client;
mod headers;
mod limiter;
mod memory;
mod middleware;
mod policy;
mod redis;
mod sliding_log;
mod store;

pub use client::ClientKey;
pub use headers::{RetryAt, X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING, X_RATELIMIT_RESET};
pub use limiter::Limiter;
pub use memory::MemoryStore;
pub use middleware::{RateLimit, RateLimitMiddleware};
pub use policy::{Policy, PolicyError};
pub use redis::{
    DEFAULT_KEY_PREFIX, RedisConnectError, RedisStore, RedisUrl, RedisUrlError, SLIDING_LOG_SCRIPT,
    mask_password,
};
pub use store::{Decision, RateLimitStore, Store, StoreError};
