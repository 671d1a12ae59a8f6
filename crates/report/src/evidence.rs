//! What a check saw, as a report keeps it: each HTTP exchange (what was
//! sent, what came back, what was expected of it). Recording them is the
//! harness's business (`kit_harness::Http`).

use serde::{Deserialize, Serialize};

/// Longest body excerpt kept in a report, in characters.
pub const BODY_EXCERPT_CHARS: usize = 400;

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
