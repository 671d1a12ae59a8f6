//! `TestApp`: a running service plus typed helpers for each endpoint.

use std::fmt::Display;

use q2_auth_starter::{
    settings::{JwtSecret, PublicBaseUrl, Settings},
    startup::Application,
};
use reqwest::{Method, RequestBuilder, Response, StatusCode, header};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The `JWT_SECRET` of every test app, for tests that forge tokens.
pub const SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";

/// A password that passes every rule of the contract.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    pub client: reqwest::Client,
    /// Holds the database and the outbox; deleted when the app is dropped.
    _dir: TempDir,
}

impl TestApp {
    /// Starts the service on a free port, with a fresh database and outbox.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Same, after `configure` changed the test settings (a short token
    /// lifetime, a lower failure limit...).
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("cannot create a temporary directory");
        let mut settings = Settings {
            host: "127.0.0.1".into(),
            port: 0,
            database_path: dir.path().join("auth.db"),
            jwt_secret: JwtSecret::new(SECRET),
            jwt_ttl_secs: 3600,
            mail_outbox_dir: dir.path().join("outbox"),
            public_base_url: PublicBaseUrl::parse("http://reset.example.test:9999").unwrap(),
            reset_token_ttl_secs: 900,
            login_max_failures: 5,
            login_lockout_secs: 900,
        };
        configure(&mut settings);
        let app = Application::build(settings).expect("the application failed to start");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());

        let client = reqwest::Client::builder()
            // Talk to the service directly even if the environment sets a proxy.
            .no_proxy()
            .build()
            .expect("cannot build the HTTP client");
        Self {
            address,
            client,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get_health(&self) -> Response {
        send(self.client.get(self.url("/health"))).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        send(self.client.post(self.url(path)).json(body)).await
    }

    pub async fn register(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/auth/register",
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    /// `id` is whatever the service returned (or any string).
    pub async fn get_user(&self, id: impl Display) -> Response {
        send(self.client.get(self.url(&format!("/users/{id}")))).await
    }

    /// Any request, body as raw bytes: for the tests about what is not JSON.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        let mut request = self.client.request(method, self.url(path)).body(body);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        send(request).await
    }

    /// Registers an account for a test that is about something else;
    /// returns the body, `{"id", "email"}`.
    pub async fn create_user(&self, email: &str) -> Value {
        let response = self.register(email, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "registering {email}"
        );
        json_body(response).await
    }
}

async fn send(request: RequestBuilder) -> Response {
    request.send().await.expect("the request did not complete")
}

pub async fn json_body(response: Response) -> Value {
    response.json().await.expect("the body is not JSON")
}

/// Asserts the status, and that the body is JSON with a non-empty `error`
/// message; returns the body for further checks.
pub async fn assert_error(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()[header::CONTENT_TYPE].clone();
    assert_eq!(content_type, "application/json");
    let body = json_body(response).await;
    let message = body["error"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "no error message in {body}");
    body
}
