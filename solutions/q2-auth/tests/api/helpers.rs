//! `TestApp`: a running service plus typed helpers for each endpoint.

use std::{
    fmt::Display,
    path::{Path, PathBuf},
};

use actix_web::dev::ServerHandle;
use q2_auth_solution::{
    settings::{JwtSecret, PublicBaseUrl, Settings},
    startup::Application,
};
use reqwest::{Method, RequestBuilder, Response, StatusCode, header};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The `JWT_SECRET` of every test app; tests forge tokens with it.
pub const SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";

/// The `PUBLIC_BASE_URL` of every test app.
pub const BASE_URL: &str = "http://reset.example.test:9999";

/// A password that passes every rule.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    server: ServerHandle,
    /// Holds the database and the outbox; deleted when the app is dropped.
    dir: TempDir,
}

impl TestApp {
    /// Starts the service on a free port, with a fresh database and outbox.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Same, after `configure` changed the test settings: short lifetimes,
    /// a lower failure limit...
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("cannot create a temporary directory");
        let mut settings = Settings {
            host: "127.0.0.1".into(),
            port: 0,
            database_path: dir.path().join("auth.db"),
            jwt_secret: JwtSecret::new(SECRET).unwrap(),
            jwt_ttl_secs: 3600,
            mail_outbox_dir: dir.path().join("outbox"),
            public_base_url: PublicBaseUrl::parse(BASE_URL).unwrap(),
            reset_token_ttl_secs: 900,
            login_max_failures: 5,
            login_lockout_secs: 900,
            // bcrypt's minimum: the service always uses 12, which takes a
            // second per hash in a debug build.
            bcrypt_cost: 4,
        };
        configure(&mut settings);
        Self::spawn_in(dir, settings).await
    }

    /// Stops the service gracefully, then starts it again on the same files
    /// (on a new port).
    pub async fn restart(self) -> Self {
        self.server.stop(true).await;
        Self::spawn_in(self.dir, self.settings).await
    }

    async fn spawn_in(dir: TempDir, settings: Settings) -> Self {
        let app = Application::build(settings.clone()).expect("the application failed to start");
        let address = format!("http://127.0.0.1:{}", app.port());
        let server = app.handle();
        tokio::spawn(app.run_until_stopped());

        Self {
            address,
            client: client(),
            settings,
            server,
            dir,
        }
    }

    /// The same app, talked to over new connections.
    pub fn with_new_client(self) -> Self {
        Self {
            client: client(),
            ..self
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn outbox_dir(&self) -> &Path {
        &self.settings.mail_outbox_dir
    }

    /// A read-only connection to the service's database.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            &self.settings.database_path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("cannot open the database")
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

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/auth/login",
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    /// `GET path` with `Authorization: Bearer <token>`.
    pub async fn get_with_token(&self, path: &str, token: &str) -> Response {
        self.get_with_authorization(path, Some(&format!("Bearer {token}")))
            .await
    }

    /// `GET path` with this `Authorization` header, or none.
    pub async fn get_with_authorization(
        &self,
        path: &str,
        authorization: Option<&str>,
    ) -> Response {
        let mut request = self.client.get(self.url(path));
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        send(request).await
    }

    pub async fn get_me(&self, token: &str) -> Response {
        self.get_with_token("/users/me", token).await
    }

    pub async fn get_user(&self, id: impl Display, token: &str) -> Response {
        self.get_with_token(&format!("/users/{id}"), token).await
    }

    pub async fn request_reset(&self, email: &str) -> Response {
        self.post_json("/auth/password-reset", &json!({ "email": email }))
            .await
    }

    pub async fn confirm_reset(&self, token: &str, new_password: &str) -> Response {
        self.post_json(
            "/auth/password-reset/confirm",
            &json!({ "token": token, "new_password": new_password }),
        )
        .await
    }

    /// POSTs a body the service may refuse before reading it all (an early
    /// `413`, then a close): over a plain socket, writing the body while
    /// reading the answer. reqwest would write first and could report the
    /// close as a broken pipe instead of the refusal. Returns the status
    /// and the JSON body.
    pub async fn post_oversized(&self, path: &str, body: String) -> (StatusCode, Value) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let host = self.address.trim_start_matches("http://").to_owned();
        let stream = tokio::net::TcpStream::connect(&host)
            .await
            .expect("cannot connect to the app");
        let (mut reader, mut writer) = stream.into_split();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let writing = tokio::spawn(async move {
            // The service may stop reading: a failed write is expected.
            let _ = writer.write_all(head.as_bytes()).await;
            let _ = writer.write_all(body.as_bytes()).await;
        });
        let mut answer = Vec::new();
        let mut chunk = [0_u8; 8192];
        // A reset after the answer arrived ends the read; what came is kept.
        while let Ok(read @ 1..) = reader.read(&mut chunk).await {
            answer.extend_from_slice(&chunk[..read]);
        }
        writing.abort();
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = answer
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no complete answer: {answer:?}"));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .and_then(|code| StatusCode::from_u16(code).ok())
            .unwrap_or_else(|| panic!("no status line: {head:?}"));
        let body = serde_json::from_str(body)
            .unwrap_or_else(|error| panic!("the body is not JSON ({error}): {body:?}"));
        (status, body)
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

    /// Logs in and returns the access token.
    pub async fn token_for(&self, email: &str, password: &str) -> String {
        let response = self.login(email, password).await;
        assert_eq!(response.status(), StatusCode::OK, "logging in {email}");
        json_body(response).await["access_token"]
            .as_str()
            .expect("no access_token in the login response")
            .to_owned()
    }

    /// Registers `email` with [`PASSWORD`] and logs in: its id and a token.
    pub async fn signed_in(&self, email: &str) -> (Value, String) {
        let user = self.create_user(email).await;
        let token = self.token_for(email, PASSWORD).await;
        (user["id"].clone(), token)
    }

    /// The files in the outbox, oldest name first.
    pub fn outbox_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.outbox_dir())
            .expect("cannot read the outbox")
            .map(|entry| entry.expect("cannot read the outbox").path())
            .collect();
        files.sort();
        files
    }

    /// Requests a reset for `email` and returns the token of the link in the
    /// one new email.
    pub async fn reset_token_for(&self, email: &str) -> String {
        let before = self.outbox_files();
        let response = self.request_reset(email).await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let new: Vec<PathBuf> = self
            .outbox_files()
            .into_iter()
            .filter(|file| !before.contains(file))
            .collect();
        assert_eq!(new.len(), 1, "expected one new email, got {new:?}");
        let message = std::fs::read_to_string(&new[0]).expect("cannot read the email");
        reset_token_in(&message)
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        // Talk to the service directly even if the environment sets a proxy.
        .no_proxy()
        .build()
        .expect("cannot build the HTTP client")
}

async fn send(request: RequestBuilder) -> Response {
    request.send().await.expect("the request did not complete")
}

/// The token of the `{BASE_URL}/reset-password?token=...` link in an email.
pub fn reset_token_in(message: &str) -> String {
    reset_link_token(message, BASE_URL)
}

/// The token of the `{base_url}/reset-password?token=...` link in an email.
pub fn reset_link_token(message: &str, base_url: &str) -> String {
    let prefix = format!("{base_url}/reset-password?token=");
    let start = message
        .find(&prefix)
        .unwrap_or_else(|| panic!("no reset link in:\n{message}"))
        + prefix.len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
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

/// Asserts a 422 that names `field`, in `field` and in the message.
pub async fn assert_invalid_field(response: Response, field: &str) -> Value {
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["field"], field, "{body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains(field),
        "message does not name {field}: {body}"
    );
    body
}

/// Asserts a 401 with a Bearer challenge and a JSON error; returns the body.
pub async fn assert_unauthorized(response: Response) -> Value {
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .expect("a 401 without WWW-Authenticate")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(challenge.starts_with("Bearer"), "{challenge}");
    assert_error(response, StatusCode::UNAUTHORIZED).await
}
