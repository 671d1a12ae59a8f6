//! What a check saw: each HTTP exchange (what was sent, what came back, what
//! was expected of it) and free-form notes (measured figures).

use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

/// Longest body excerpt kept in a report, in characters.
pub const BODY_EXCERPT_CHARS: usize = 400;
/// Most exchanges a check keeps in the report; failed ones are kept first.
pub const MAX_EXCHANGES_KEPT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub method: String,
    /// Path and query (`/products?page=2`); the host and port vary, so they
    /// are never part of the evidence.
    pub path: String,
    /// The client's source address, when the check chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    /// Headers the check set explicitly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Body>,
    /// `None` when no answer came (see `error`).
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<Body>,
    /// Why no answer came (refused, reset, timed out, service died).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the check expected of this exchange, and whether it held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<Expectation>,
    pub duration_ms: u64,
}

impl Exchange {
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.expected.iter().any(|expectation| !expectation.met)
    }
}

/// A body as shown in a report: an excerpt and the full size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub excerpt: String,
    pub bytes: usize,
    /// Whether `excerpt` is the whole body.
    pub complete: bool,
}

impl Body {
    pub fn of(bytes: &[u8]) -> Body {
        let text = String::from_utf8_lossy(bytes);
        let excerpt: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
        let complete = excerpt.len() == text.len() && !text.contains('\u{FFFD}');
        Body {
            excerpt,
            bytes: bytes.len(),
            complete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    pub text: String,
    pub met: bool,
}

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
