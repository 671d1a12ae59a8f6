//! A policy and the store that enforces it.

use std::time::Instant;

use super::{ClientKey, Decision, Policy, RateLimitStore, StoreError};

#[derive(Debug)]
pub struct Limiter<S> {
    policy: Policy,
    store: S,
}

impl<S: RateLimitStore> Limiter<S> {
    pub fn new(policy: Policy, store: S) -> Self {
        Self { policy, store }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// Decides a request of `client` arriving at `now`, and records it if
    /// accepted.
    pub async fn check(&self, client: ClientKey, now: Instant) -> Result<Decision, StoreError> {
        self.store.check(&self.policy, client, now).await
    }
}
