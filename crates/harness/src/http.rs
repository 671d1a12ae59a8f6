//! The HTTP client checks use. Every exchange is recorded as evidence, every
//! request is bounded in time, and a request that gets no answer is explained
//! (the service died, refused, reset, or hung) instead of surfacing as a raw
//! client error.

use std::error::Error as _;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;

use crate::evidence::{Body, EvidenceLog, Exchange};
use crate::instance::Instance;
use crate::json;
use crate::outcome::Failure;

pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a failed request waits to see whether the service is dying.
const DEATH_GRACE: Duration = Duration::from_millis(500);

/// Response headers left out of evidence: they change on every run.
const VOLATILE_HEADERS: &[&str] = &["date", "content-length", "connection", "keep-alive"];

/// A client talking to one instance, from one source address.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    instance: Instance,
    log: EvidenceLog,
    source_ip: Option<IpAddr>,
    timeout: Duration,
}

impl Http {
    pub(crate) fn new(
        instance: Instance,
        log: EvidenceLog,
        source_ip: Option<IpAddr>,
    ) -> Result<Http, Failure> {
        // No connection reuse: each request gets its own connection, so a
        // service that closes a connection after an error answer (with an
        // unread body) cannot make the *next* request fail.
        let mut builder = reqwest::Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(0);
        if let Some(ip) = source_ip {
            builder = builder.local_address(ip);
        }
        let client = builder
            .build()
            .map_err(|error| Failure::error(format!("cannot build an HTTP client: {error}")))?;
        Ok(Http {
            client,
            instance,
            log,
            source_ip,
            timeout: DEFAULT_REQUEST_TIMEOUT,
        })
    }

    /// The same client with another per-request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Http {
        self.timeout = timeout;
        self
    }

    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    pub fn get(&self, path: &str) -> Request<'_> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Request<'_> {
        self.request(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Request<'_> {
        self.request(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> Request<'_> {
        self.request(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Request<'_> {
        self.request(Method::DELETE, path)
    }

    pub fn request(&self, method: Method, path: &str) -> Request<'_> {
        Request {
            http: self,
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
            timeout: self.timeout,
        }
    }
}

/// A request being built; nothing is sent until [`Request::send`].
#[derive(Debug)]
pub struct Request<'a> {
    http: &'a Http,
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    timeout: Duration,
}

impl Request<'_> {
    /// A JSON body with `Content-Type: application/json`.
    pub fn json(self, value: &Value) -> Self {
        self.header("content-type", "application/json")
            .raw_body(value.to_string().into_bytes())
    }

    /// A body sent as is; set `Content-Type` yourself (or deliberately not).
    pub fn raw_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the request; no answer is a check failure that says why.
    pub async fn send(self) -> Result<Reply, Failure> {
        let http = self.http.clone();
        let method = self.method.clone();
        let path = self.path.clone();
        let timeout = self.timeout;
        match self.try_send().await {
            Ok(reply) => Ok(reply),
            Err(error) => Err(http.explain(&method, &path, timeout, &error).await),
        }
    }

    /// Sends the request; no answer is returned to the check to interpret
    /// (still recorded as evidence).
    pub async fn try_send(self) -> Result<Reply, reqwest::Error> {
        let http = self.http;
        let url = format!("{}{}", http.instance.base_url(), self.path);
        let mut builder = http
            .client
            .request(self.method.clone(), &url)
            .timeout(self.timeout);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &self.body {
            builder = builder.body(body.clone());
        }
        let started = Instant::now();
        let result = async {
            let response = builder.send().await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        }
        .await;
        let mut exchange = Exchange {
            method: self.method.to_string(),
            path: self.path.clone(),
            source_ip: http.source_ip.map(|ip| ip.to_string()),
            request_headers: self.headers.clone(),
            request_body: self.body.as_deref().map(Body::of),
            status: None,
            response_headers: Vec::new(),
            response_body: None,
            error: None,
            expected: Vec::new(),
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        match result {
            Ok((status, headers, body)) => {
                exchange.status = Some(status);
                exchange.response_headers = kept_headers(&headers);
                if !body.is_empty() {
                    exchange.response_body = Some(Body::of(&body));
                }
                let index = http.log.record(exchange);
                Ok(Reply {
                    status,
                    headers,
                    body: body.to_vec(),
                    method: self.method.to_string(),
                    path: self.path,
                    index,
                    log: http.log.clone(),
                })
            }
            Err(error) => {
                exchange.error = Some(describe_transport_error(&error));
                http.log.record(exchange);
                Err(error)
            }
        }
    }
}

impl Request<'_> {
    /// Sends the request over a plain socket, reading the answer while the
    /// body is still being written: for large bodies a service may refuse
    /// early (`413`) and close, which a regular client reports as a reset.
    /// Recorded as evidence like any exchange.
    pub async fn send_streaming(self) -> Result<Reply, Failure> {
        let http = self.http;
        let address =
            std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, http.instance.port()));
        let body = self.body.clone().unwrap_or_default();
        let started = Instant::now();
        let result = crate::raw_http::exchange(
            address,
            self.method.as_str(),
            &self.path,
            &self.headers,
            &body,
            self.timeout,
        )
        .await;
        let mut exchange = Exchange {
            method: self.method.to_string(),
            path: self.path.clone(),
            source_ip: None,
            request_headers: self.headers.clone(),
            request_body: self.body.as_deref().map(Body::of),
            status: None,
            response_headers: Vec::new(),
            response_body: None,
            error: None,
            expected: Vec::new(),
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        match result {
            Ok(answer) => {
                let mut headers = HeaderMap::new();
                for (name, value) in &answer.headers {
                    if let (Ok(name), Ok(value)) = (
                        reqwest::header::HeaderName::from_bytes(name.as_bytes()),
                        reqwest::header::HeaderValue::from_str(value),
                    ) {
                        headers.append(name, value);
                    }
                }
                exchange.status = Some(answer.status);
                exchange.response_headers = kept_headers(&headers);
                if !answer.body.is_empty() {
                    exchange.response_body = Some(Body::of(&answer.body));
                }
                let index = http.log.record(exchange);
                Ok(Reply {
                    status: answer.status,
                    headers,
                    body: answer.body,
                    method: self.method.to_string(),
                    path: self.path,
                    index,
                    log: http.log.clone(),
                })
            }
            Err(error) => {
                let reason = match error.kind() {
                    std::io::ErrorKind::ConnectionRefused => {
                        "connection refused (nothing listens on the port)".to_owned()
                    }
                    std::io::ErrorKind::ConnectionReset => {
                        "connection reset by the service".to_owned()
                    }
                    std::io::ErrorKind::TimedOut => "timed out".to_owned(),
                    _ => error.to_string(),
                };
                exchange.error = Some(reason.clone());
                http.log.record(exchange);
                let (method, path) = (self.method.clone(), self.path.clone());
                if let Some(exit) = http.instance.exited_within(DEATH_GRACE).await {
                    return Err(Failure::crash(format!(
                        "the service died ({exit}) while answering {method} {path}"
                    )));
                }
                if error.kind() == std::io::ErrorKind::TimedOut {
                    return Err(Failure::timeout(format!(
                        "{method} {path} got no answer within {} s",
                        self.timeout.as_secs()
                    )));
                }
                Err(Failure::fail(format!(
                    "{method} {path} got no answer: {reason}"
                )))
            }
        }
    }
}

impl Http {
    /// Turns "no answer" into the most useful failure: a crash when the
    /// service died, a timeout when it hung, a plain failure otherwise.
    async fn explain(
        &self,
        method: &Method,
        path: &str,
        timeout: Duration,
        error: &reqwest::Error,
    ) -> Failure {
        if let Some(exit) = self.instance.exited_within(DEATH_GRACE).await {
            return Failure::crash(format!(
                "the service died ({exit}) while answering {method} {path}"
            ));
        }
        if error.is_timeout() {
            return Failure::timeout(format!(
                "{method} {path} got no answer within {} s",
                timeout.as_secs()
            ));
        }
        Failure::fail(format!(
            "{method} {path} got no answer: {}",
            describe_transport_error(error)
        ))
    }
}

/// Plain-language reason for a transport failure (connection refused, reset...).
fn describe_transport_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "timed out".to_owned();
    }
    let mut innermost = None;
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return "connection refused (nothing listens on the port)".to_owned();
                }
                std::io::ErrorKind::ConnectionReset => {
                    return "connection reset by the service".to_owned();
                }
                std::io::ErrorKind::BrokenPipe => {
                    return "the service closed the connection while the request was sent"
                        .to_owned();
                }
                _ => {}
            }
        }
        innermost = Some(cause.to_string());
        source = cause.source();
    }
    match innermost {
        Some(text) if text.contains("connection closed before message completed") => {
            "the service closed the connection without answering".to_owned()
        }
        Some(text) => text,
        // Never the URL: it holds the port, which varies from run to run.
        None => error
            .to_string()
            .split(" for url (")
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

fn kept_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| !VOLATILE_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// An answer, with helpers that both test it and record what was expected.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    method: String,
    path: String,
    index: usize,
    log: EvidenceLog,
}

impl Reply {
    /// `GET /products/7`, for messages.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Records an expectation on this exchange; fails the check with
    /// `"<request>: <failure>"` when it does not hold.
    pub fn expect(
        &self,
        holds: bool,
        expectation: &str,
        failure: impl FnOnce() -> String,
    ) -> Result<(), Failure> {
        self.log.expect(self.index, expectation, holds);
        if holds {
            Ok(())
        } else {
            Err(Failure::fail(format!(
                "{}: {}",
                self.request_line(),
                failure()
            )))
        }
    }

    /// The status is one of `accepted`; `situation` says what was being
    /// tested ("an unknown id") so the message reads as a sentence.
    pub fn expect_status(&self, accepted: &[u16], situation: &str) -> Result<&Reply, Failure> {
        let wanted = status_list(accepted);
        let holds = accepted.contains(&self.status);
        self.expect(holds, &format!("status {wanted} ({situation})"), || {
            let mut message = format!("expected {wanted} for {situation}, got {}", self.status);
            if self.status >= 500 && accepted.iter().all(|code| *code < 500) {
                message.push_str(" (a server error where a client error belongs: the service failed on a client mistake)");
            }
            message
        })?;
        Ok(self)
    }

    /// The body is JSON (any value).
    pub fn expect_json(&self) -> Result<Value, Failure> {
        let parsed = self.json();
        self.expect(parsed.is_some(), "a JSON body", || {
            format!("expected a JSON body, got {}", describe_body(&self.body))
        })?;
        Ok(parsed.unwrap_or(Value::Null))
    }

    /// The body is a JSON object (a resource).
    pub fn expect_json_object(&self) -> Result<serde_json::Map<String, Value>, Failure> {
        let value = self.expect_json()?;
        match value {
            Value::Object(object) => Ok(object),
            other => {
                self.expect(false, "a JSON object", || {
                    format!("expected a JSON object, got {}", json::kind(&other))
                })?;
                Ok(serde_json::Map::new())
            }
        }
    }

    /// The body is a JSON error with a non-empty message (`error`, `message`,
    /// `detail` or `title`, per the common contract). Returns the message.
    pub fn expect_error_message(&self) -> Result<String, Failure> {
        let message = self.json().as_ref().and_then(json::error_message);
        self.expect(message.is_some(), "a JSON error body with a message", || match self.json() {
            Some(_) => format!(
                "the error body is JSON but has no non-empty `error` (or `message`, `detail`, `title`) field: {}",
                excerpt(&self.body)
            ),
            None => format!("expected a JSON error body with a message, got {}", describe_body(&self.body)),
        })?;
        Ok(message.unwrap_or_default())
    }
}

/// `404`, `422 or 400`.
pub fn status_list(codes: &[u16]) -> String {
    let texts: Vec<String> = codes.iter().map(u16::to_string).collect();
    texts.join(" or ")
}

fn describe_body(body: &[u8]) -> String {
    if body.is_empty() {
        "an empty body".to_owned()
    } else {
        format!("`{}`", excerpt(body))
    }
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short.replace('\n', " ")
}

impl Reply {
    /// Content type without parameters, lower-cased (`application/json`).
    pub fn content_type(&self) -> Option<String> {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
    }
}

/// `?name=%25&page=2`: a query string with every value percent-encoded, so
/// checks can send quotes, `%` and SQL fragments literally.
pub fn query(pairs: &[(&str, &str)]) -> String {
    // `for_suffix(.., 1)`: the pairs start after the `?`, with no leading `&`.
    let mut serializer = url::form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    serializer.extend_pairs(pairs);
    serializer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_encodes_sql_fragments_and_wildcards() {
        assert_eq!(query(&[("name", "' OR 1=1 --")]), "?name=%27+OR+1%3D1+--");
        assert_eq!(
            query(&[("name", "50%"), ("page", "2")]),
            "?name=50%25&page=2"
        );
    }
}
