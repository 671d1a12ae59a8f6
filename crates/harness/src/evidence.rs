//! What a check saw: each HTTP exchange (what was sent, what came back, what
//! was expected of it) and free-form notes (measured figures).

use std::sync::{Arc, Mutex, PoisonError};

pub use kit_report::evidence::{Body, Exchange, Expectation};

/// Most exchanges a check keeps in the report; failed ones are kept first.
pub const MAX_EXCHANGES_KEPT: usize = 8;

/// Shared, append-only record of one check's exchanges and notes.
#[derive(Debug, Clone, Default)]
pub struct EvidenceLog {
    inner: Arc<Mutex<Recorded>>,
}

#[derive(Debug, Default)]
struct Recorded {
    exchanges: Vec<Exchange>,
    notes: Vec<String>,
}

/// The evidence a check leaves in the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub exchanges: Vec<Exchange>,
    /// Exchanges recorded but not kept (a check sending 50 requests keeps a few).
    pub omitted: usize,
    pub notes: Vec<String>,
}

impl EvidenceLog {
    pub fn record(&self, exchange: Exchange) -> usize {
        let mut recorded = self.lock();
        recorded.exchanges.push(exchange);
        recorded.exchanges.len() - 1
    }

    pub fn expect(&self, index: usize, text: impl Into<String>, met: bool) {
        if let Some(exchange) = self.lock().exchanges.get_mut(index) {
            exchange.expected.push(Expectation {
                text: text.into(),
                met,
            });
        }
    }

    pub fn note(&self, text: impl Into<String>) {
        self.lock().notes.push(text.into());
    }

    /// The most recent exchange, for "the service died during PUT /x".
    pub fn last_request(&self) -> Option<String> {
        self.lock()
            .exchanges
            .last()
            .map(|exchange| format!("{} {}", exchange.method, exchange.path))
    }

    /// Keeps the failed exchanges first, then the earliest ones, in order.
    pub fn finish(&self) -> Evidence {
        let recorded = self.lock();
        let all = &recorded.exchanges;
        let mut keep: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, exchange)| exchange.failed())
            .map(|(index, _)| index)
            .take(MAX_EXCHANGES_KEPT)
            .collect();
        for index in 0..all.len() {
            if keep.len() >= MAX_EXCHANGES_KEPT {
                break;
            }
            if !keep.contains(&index) {
                keep.push(index);
            }
        }
        keep.sort_unstable();
        Evidence {
            exchanges: keep.iter().map(|&index| all[index].clone()).collect(),
            omitted: all.len() - keep.len(),
            notes: recorded.notes.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
