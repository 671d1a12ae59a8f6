//! One HTTP exchange of a check's evidence, as HTTP text and as a line, with
//! a curl command to reproduce it.

use std::fmt::Write as _;

use crate::{Body, Exchange};

/// Longest body put on a curl line; larger ones are described instead.
const CURL_BODY_LIMIT: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExchangeView {
    /// The exchange as recorded, for renderings that lay it out themselves.
    pub exchange: Exchange,
    pub failed: bool,
    /// `PUT /products/4 → 405`.
    pub line: String,
    /// Request line, headers, blank line, body excerpt.
    pub request: String,
    /// Status, headers, blank line, body excerpt; or why no answer came.
    pub response: String,
    /// How to send it again, for a failed exchange that fits on one line.
    pub curl: Option<String>,
}

impl ExchangeView {
    pub fn build(exchange: &Exchange) -> ExchangeView {
        let failed = exchange.failed();
        ExchangeView {
            exchange: exchange.clone(),
            failed,
            line: exchange_line(exchange),
            request: request_text(exchange),
            response: response_text(exchange),
            curl: if failed { curl_line(exchange) } else { None },
        }
    }
}

/// The request as HTTP text: request line, the headers the check set, a blank
/// line and the body excerpt.
pub(crate) fn request_text(exchange: &Exchange) -> String {
    let mut text = format!("{} {}", exchange.method, exchange.path);
    for (name, value) in &exchange.request_headers {
        text.push_str(&format!("\n{name}: {value}"));
    }
    if let Some(body) = &exchange.request_body {
        text.push_str("\n\n");
        text.push_str(&body_text(body));
    }
    text
}

/// The answer as HTTP text: status, headers, a blank line and the body
/// excerpt; or why none came.
pub(crate) fn response_text(exchange: &Exchange) -> String {
    let Some(status) = exchange.status else {
        return format!(
            "no answer: {}",
            exchange.error.as_deref().unwrap_or("none came")
        );
    };
    let mut text = format!("HTTP {status}");
    for (name, value) in &exchange.response_headers {
        text.push_str(&format!("\n{name}: {value}"));
    }
    text.push_str("\n\n");
    match &exchange.response_body {
        Some(body) => text.push_str(&body_text(body)),
        None => text.push_str("(empty body)"),
    }
    text
}

fn body_text(body: &Body) -> String {
    if body.complete {
        body.excerpt.clone()
    } else {
        format!("{}… ({} bytes in all)", body.excerpt, body.bytes)
    }
}

/// One line naming an exchange: `PUT /products/4 → 405`.
pub(crate) fn exchange_line(exchange: &Exchange) -> String {
    let answer = match (exchange.status, &exchange.error) {
        (Some(status), _) => status.to_string(),
        (None, Some(_)) => "no answer".to_owned(),
        (None, None) => "?".to_owned(),
    };
    let from = exchange
        .source_ip
        .as_deref()
        .map(|ip| format!(" (from {ip})"))
        .unwrap_or_default();
    format!("{} {}{from} → {answer}", exchange.method, exchange.path)
}

/// A curl command the candidate can run against their own service
/// (`BASE=http://127.0.0.1:8080`). Requests from a chosen source address or
/// with large bodies are not reproducible on one line and get none.
pub(crate) fn curl_line(exchange: &Exchange) -> Option<String> {
    if exchange.source_ip.is_some() {
        return None;
    }
    let mut line = String::from("curl -i");
    if exchange.method != "GET" {
        let _ = write!(line, " -X {}", exchange.method);
    }
    let _ = write!(line, " \"$BASE{}\"", exchange.path);
    for (name, value) in &exchange.request_headers {
        let _ = write!(line, " -H '{name}: {}'", value.replace('\'', r"'\''"));
    }
    if let Some(body) = &exchange.request_body {
        if !body.complete || body.bytes > CURL_BODY_LIMIT {
            return None;
        }
        let _ = write!(
            line,
            " --data-raw '{}'",
            body.excerpt.replace('\'', r"'\''")
        );
    }
    Some(line)
}
