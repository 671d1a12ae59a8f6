//! `TestApp`: a running service plus typed helpers for each endpoint, and
//! clients that each connect from their own loopback address.

use std::{
    net::{IpAddr, Ipv4Addr},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use q3_ratelimit_solution::{
    rate_limit::{Policy, RedisUrl},
    settings::Settings,
    startup::{Application, StartupError},
};
use reqwest::{Response, StatusCode};
use serde_json::Value;

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    /// Sends from 127.0.0.1.
    pub client: Client,
}

impl TestApp {
    /// Starts the service on a free port with the default limit (10 per
    /// 60 s), in memory.
    pub async fn spawn() -> Self {
        Self::spawn_with(settings(10, 60)).await
    }

    /// Starts the service with `max` requests per `window_secs`, in memory.
    pub async fn limited(max: u64, window_secs: u64) -> Self {
        Self::spawn_with(settings(max, window_secs)).await
    }

    /// Starts the service with `max` requests per `window_secs`, in Redis.
    pub async fn with_redis(max: u64, window_secs: u64, redis_url: &str) -> Self {
        Self::spawn_with(redis_settings(max, window_secs, redis_url)).await
    }

    pub async fn spawn_with(settings: Settings) -> Self {
        Self::try_spawn(settings)
            .await
            .expect("the application failed to start")
    }

    pub async fn try_spawn(settings: Settings) -> Result<Self, StartupError> {
        let app = Application::build(settings).await?;
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let client = Client::new(&address, Ipv4Addr::LOCALHOST);
        Ok(Self { address, client })
    }

    /// A client that connects from `127.0.0.{last}`: to the service, another
    /// client (Linux routes all of 127.0.0.0/8 to loopback).
    pub fn client_from(&self, last: u8) -> Client {
        Client::new(&self.address, Ipv4Addr::new(127, 0, 0, last))
    }
}

/// Settings on a free port with `max` requests per `window_secs`, in memory.
pub fn settings(max: u64, window_secs: u64) -> Settings {
    Settings {
        host: "127.0.0.1".into(),
        port: 0,
        rate_limit: Policy::new(max, Duration::from_secs(window_secs))
            .expect("a valid test policy"),
        redis_url: None,
    }
}

pub fn redis_settings(max: u64, window_secs: u64, redis_url: &str) -> Settings {
    Settings {
        redis_url: Some(RedisUrl::parse(redis_url).expect("a valid Redis URL")),
        ..settings(max, window_secs)
    }
}

/// An HTTP client bound to one source address, with a helper per endpoint.
#[derive(Clone)]
pub struct Client {
    address: String,
    http: reqwest::Client,
}

impl Client {
    fn new(address: &str, source: Ipv4Addr) -> Self {
        let http = reqwest::Client::builder()
            .local_address(IpAddr::V4(source))
            // Talk to the service directly even if the environment sets a proxy.
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("cannot build the HTTP client");
        Self {
            address: address.to_owned(),
            http,
        }
    }

    /// The same client (same source address) talking to another instance.
    pub fn to(&self, app: &TestApp) -> Self {
        Self {
            address: app.address.clone(),
            http: self.http.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path))
    }

    pub async fn get(&self, path: &str) -> Response {
        send(self.http.get(self.url(path))).await
    }

    pub async fn get_health(&self) -> Response {
        self.get("/health").await
    }

    pub async fn list_notes(&self) -> Response {
        self.get("/api/notes").await
    }

    pub async fn post_note(&self, body: &Value) -> Response {
        send(self.http.post(self.url("/api/notes")).json(body)).await
    }

    /// `id` is whatever the service returned (or any string, to probe 404s).
    pub async fn get_note(&self, id: impl std::fmt::Display) -> Response {
        self.get(&format!("/api/notes/{id}")).await
    }

    /// Creates a note for a test that is about something else; returns the
    /// note as the service sent it.
    pub async fn create_note(&self, body: &Value) -> Value {
        let response = self.post_note(body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "creating {body}");
        json_body(response).await
    }

    /// `count` requests to `GET /api/notes`, one after the other; their
    /// statuses.
    pub async fn burst(&self, count: usize) -> Vec<StatusCode> {
        let mut statuses = Vec::with_capacity(count);
        for _ in 0..count {
            statuses.push(self.list_notes().await.status());
        }
        statuses
    }

    /// `count` requests to `GET /api/notes` all at once; their statuses.
    pub async fn all_at_once(&self, count: usize) -> Vec<StatusCode> {
        let requests = (0..count).map(|_| async { self.list_notes().await.status() });
        futures_util::future::join_all(requests).await
    }

    /// Sends `count` requests that must all be accepted.
    pub async fn use_up(&self, count: usize) {
        let statuses = self.burst(count).await;
        assert!(
            statuses.iter().all(|status| *status == StatusCode::OK),
            "expected {count} accepted requests, got {statuses:?}"
        );
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Response {
    request.send().await.expect("the request did not complete")
}

pub async fn json_body(response: Response) -> Value {
    response.json().await.expect("the body is not JSON")
}

/// Asserts the status, and that the body is JSON with a non-empty `error`
/// message; returns the body for further checks.
pub async fn assert_error(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].clone();
    assert_eq!(content_type, "application/json");
    let body = json_body(response).await;
    let message = body["error"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "no error message in {body}");
    body
}

/// A header as text; panics naming it when it is missing.
pub fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no `{name}` header in {:?}", response.headers()))
        .to_str()
        .expect("a header that is not text")
}

/// A header that must be a whole number.
pub fn number_header(response: &Response, name: &str) -> u64 {
    let value = header(response, name);
    value
        .parse()
        .unwrap_or_else(|_| panic!("`{name}: {value}` is not a whole number"))
}

/// Asserts `X-RateLimit-Limit` and `X-RateLimit-Remaining`.
pub fn assert_quota(response: &Response, limit: u64, remaining: u64) {
    assert_eq!(
        (
            number_header(response, "x-ratelimit-limit"),
            number_header(response, "x-ratelimit-remaining")
        ),
        (limit, remaining),
        "(limit, remaining) of a {}",
        response.status()
    );
}

pub fn assert_no_quota(response: &Response) {
    for name in [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "retry-after",
    ] {
        assert!(
            response.headers().get(name).is_none(),
            "unexpected `{name}` on a {}",
            response.status()
        );
    }
}

/// The promise a 429 makes, read from its headers.
#[derive(Debug, Clone, Copy)]
pub struct Promise {
    /// `Retry-After`, counted from when the 429 arrived.
    pub retry_after: u64,
    pub received: Instant,
    /// `X-RateLimit-Reset`, unix seconds.
    pub reset: u64,
}

impl Promise {
    pub fn of(response: &Response) -> Self {
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        Self {
            retry_after: number_header(response, "retry-after"),
            received: Instant::now(),
            reset: number_header(response, "x-ratelimit-reset"),
        }
    }

    /// The later of the two moments it promises, as an `Instant`.
    pub fn kept_at(&self) -> Instant {
        let by_retry_after = self.received + Duration::from_secs(self.retry_after);
        let to_reset = Duration::from_secs(self.reset)
            .checked_sub(unix_now())
            .unwrap_or_default();
        by_retry_after.max(Instant::now() + to_reset)
    }
}

/// Wall-clock time since the epoch.
pub fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
}

/// Sleeps until `start + offset` (at once if that is past).
pub async fn at(start: Instant, offset: Duration) {
    tokio::time::sleep_until((start + offset).into()).await;
}

pub fn count(statuses: &[StatusCode], wanted: StatusCode) -> usize {
    statuses.iter().filter(|status| **status == wanted).count()
}
