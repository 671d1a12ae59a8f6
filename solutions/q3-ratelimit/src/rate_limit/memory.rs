//! The in-memory store: one [`SlidingLog`] per client in a sharded map.
//!
//! - A decision locks only the client's shard, for the few instructions the
//!   log takes; the entry guard is held from reading the log to recording
//!   the request, so concurrent requests of one client cannot both take the
//!   last slot. Its cost does not depend on how many clients are tracked
//!   (one hash lookup).
//! - A sweeper, off the request path, drops every log idle for a whole
//!   window, once a window; a client seen once costs memory for at most two
//!   windows.

use std::{
    future::{Future, ready},
    sync::{Arc, Weak},
    time::{Duration, Instant},
};

use dashmap::DashMap;

use super::{ClientKey, Decision, Policy, RateLimitStore, StoreError, sliding_log::SlidingLog};

/// The sweeper never runs more often than this, whatever the window.
const MIN_SWEEP_INTERVAL: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct MemoryStore {
    /// Timestamps are nanoseconds since this instant: 8 bytes instead of 16
    /// for an `Instant`, and 584 years of range.
    epoch: Instant,
    clients: DashMap<ClientKey, SlidingLog>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// Shards of the map. Many more shards than cores keep two requests
    /// from waiting on each other's lock, and keep each pause of the
    /// sweeper (it locks one shard at a time) short.
    pub const SHARDS: usize = 256;

    pub fn new() -> Self {
        Self {
            epoch: Instant::now(),
            clients: DashMap::with_shard_amount(Self::SHARDS),
        }
    }

    /// The decision for a request of `client` at `now`, recorded if
    /// accepted; atomic per client.
    pub fn decide(&self, policy: &Policy, client: ClientKey, now: Instant) -> Decision {
        let now = self.ticks(now);
        let window = nanos(policy.window());
        // `entry` holds the shard's write lock until `log` is dropped.
        let mut log = self.clients.entry(client).or_default();
        log.admit(now, policy.max_requests(), window)
    }

    /// Drops the logs of clients with no accepted request in the last
    /// `window` before `now`; returns how many were dropped (net of clients
    /// that arrived meanwhile). O(clients), one
    /// shard locked at a time. Releases the map's spare capacity once most
    /// of it is unused, so a burst of clients does not hold memory forever.
    pub fn evict_idle(&self, window: Duration, now: Instant) -> usize {
        let now = self.ticks(now);
        let window = nanos(window);
        let before = self.clients.len();
        self.clients.retain(|_, log| !log.is_idle(now, window));
        let after = self.clients.len();
        if after.saturating_mul(4) < self.clients.capacity() {
            self.clients.shrink_to_fit();
        }
        before.saturating_sub(after)
    }

    /// Runs [`evict_idle`](Self::evict_idle) once a `window` (at least once
    /// a second) on the current tokio runtime, until the store is dropped.
    pub fn spawn_sweeper(self: &Arc<Self>, window: Duration) -> tokio::task::JoinHandle<()> {
        let store: Weak<Self> = Arc::downgrade(self);
        let every = window.max(MIN_SWEEP_INTERVAL);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is immediate: nothing to sweep yet.
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let Some(store) = store.upgrade() else { break };
                let started = Instant::now();
                let evicted = store.evict_idle(window, started);
                tracing::debug!(
                    evicted,
                    tracked = store.len(),
                    elapsed_us = started.elapsed().as_micros(),
                    "rate limiter: idle clients evicted"
                );
            }
        })
    }

    /// Clients tracked right now.
    pub fn len(&self) -> usize {
        self.clients.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    /// Timestamps allocated across every log (8 bytes each), for memory
    /// accounting. O(clients): not for the request path.
    pub fn timestamps_held(&self) -> usize {
        self.clients.iter().map(|entry| entry.capacity()).sum()
    }

    fn ticks(&self, at: Instant) -> u64 {
        nanos(at.saturating_duration_since(self.epoch))
    }
}

impl RateLimitStore for MemoryStore {
    fn check(
        &self,
        policy: &Policy,
        client: ClientKey,
        now: Instant,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send {
        ready(Ok(self.decide(policy, client, now)))
    }
}

/// Saturates after 584 years.
fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::*;

    fn policy(max: u64, window_secs: u64) -> Policy {
        Policy::new(max, Duration::from_secs(window_secs)).unwrap()
    }

    fn client(n: u32) -> ClientKey {
        ClientKey::from(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)))
    }

    #[test]
    fn clients_are_limited_independently() {
        let store = MemoryStore::new();
        let policy = policy(2, 60);
        let now = Instant::now();

        for _ in 0..2 {
            assert!(matches!(
                store.decide(&policy, client(1), now),
                Decision::Allowed { .. }
            ));
        }
        assert!(matches!(
            store.decide(&policy, client(1), now),
            Decision::Rejected { .. }
        ));
        assert_eq!(
            store.decide(&policy, client(2), now),
            Decision::Allowed { remaining: 1 }
        );
    }

    #[test]
    fn eviction_drops_the_clients_idle_for_a_window_and_frees_their_memory() {
        let store = MemoryStore::new();
        let policy = policy(10, 60);
        let start = Instant::now();
        for n in 0..10_000 {
            store.decide(&policy, client(n), start);
        }
        let later = start + Duration::from_secs(30);
        for n in 0..10 {
            store.decide(&policy, client(n), later);
        }
        assert_eq!(store.len(), 10_000);
        let capacity_full = store.clients.capacity();

        // A window after `start`: only the ten seen again at `later` stay.
        let evicted = store.evict_idle(policy.window(), start + Duration::from_secs(60));

        assert_eq!(evicted, 9_990);
        assert_eq!(store.len(), 10);
        assert!(
            store.clients.capacity() < capacity_full / 100,
            "the map still holds room for {} clients",
            store.clients.capacity()
        );
        assert!(store.timestamps_held() <= 10 * 2);
        // And the survivors still remember their requests.
        assert_eq!(
            store.decide(&policy, client(0), later),
            Decision::Allowed { remaining: 7 }
        );
    }

    #[test]
    fn a_client_active_within_the_window_is_not_evicted() {
        let store = MemoryStore::new();
        let policy = policy(1, 60);
        let start = Instant::now();
        store.decide(&policy, client(1), start);

        store.evict_idle(policy.window(), start + Duration::from_secs(59));

        assert!(matches!(
            store.decide(&policy, client(1), start + Duration::from_secs(59)),
            Decision::Rejected { .. }
        ));
    }

    #[test]
    fn concurrent_requests_of_one_client_never_exceed_the_limit() {
        let store = Arc::new(MemoryStore::new());
        let policy = policy(100, 60);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    (0..1_000)
                        .filter(|_| {
                            matches!(
                                store.decide(&policy, client(1), Instant::now()),
                                Decision::Allowed { .. }
                            )
                        })
                        .count()
                })
            })
            .collect();

        let accepted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();

        assert_eq!(accepted, 100);
    }

    #[tokio::test(start_paused = true)]
    async fn the_sweeper_stops_when_the_store_is_dropped() {
        let store = Arc::new(MemoryStore::new());
        let sweeper = store.spawn_sweeper(Duration::from_secs(1));
        drop(store);

        tokio::time::sleep(Duration::from_secs(3)).await;

        assert!(sweeper.is_finished());
    }
}
