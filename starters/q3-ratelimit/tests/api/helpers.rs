//! `TestApp`: a running service plus typed helpers for each endpoint.

use std::net::{IpAddr, Ipv4Addr};

use q3_ratelimit_starter::{settings::Settings, startup::Application};
use reqwest::{Response, StatusCode};
use serde_json::Value;

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    /// Sends from 127.0.0.1.
    pub client: Client,
}

impl TestApp {
    /// Starts the service on a free port with the default settings: 10
    /// requests per 60 s, in memory.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the service with settings changed by `change`.
    pub async fn spawn_with(change: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings {
            host: "127.0.0.1".into(),
            port: 0,
            rate_limit_max_requests: 10,
            rate_limit_window_secs: 60,
            redis_url: None,
        };
        change(&mut settings);
        let app = Application::build(settings)
            .await
            .expect("the application failed to start");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());

        let client = Client::new(&address, Ipv4Addr::LOCALHOST);
        Self { address, client }
    }

    /// A client that connects from `127.0.0.{last}`: to the service, another
    /// client (Linux routes all of 127.0.0.0/8 to loopback).
    pub fn client_from(&self, last: u8) -> Client {
        Client::new(&self.address, Ipv4Addr::new(127, 0, 0, last))
    }
}

/// An HTTP client bound to one source address, with a helper per endpoint.
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
            .build()
            .expect("cannot build the HTTP client");
        Self {
            address: address.to_owned(),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
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
}

async fn send(request: reqwest::RequestBuilder) -> Response {
    request.send().await.expect("the request did not complete")
}

pub async fn json_body(response: Response) -> Value {
    response.json().await.expect("the body is not JSON")
}

/// Asserts the status, and that the body is JSON with a non-empty `error`
/// message; returns the body for further checks.
pub async fn assert_error(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let body = json_body(response).await;
    let message = body["error"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "no error message in {body}");
    body
}
