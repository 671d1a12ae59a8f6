//! `TestApp`: a running service plus typed helpers for each endpoint.

use std::fmt::Display;

use actix_web::dev::ServerHandle;
use q1_products_solution::{settings::Settings, startup::Application};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    pub client: reqwest::Client,
    server: ServerHandle,
    /// Holds the database; the directory is deleted when the app is dropped.
    db_dir: TempDir,
}

impl TestApp {
    /// Starts the service on a free port, with a fresh database.
    pub async fn spawn() -> Self {
        let db_dir = tempfile::tempdir().expect("cannot create a temporary directory");
        Self::spawn_in(db_dir).await
    }

    /// Stops the service gracefully, then starts it again on the same
    /// database file (on a new port).
    pub async fn restart(self) -> Self {
        self.server.stop(true).await;
        Self::spawn_in(self.db_dir).await
    }

    async fn spawn_in(db_dir: TempDir) -> Self {
        let settings = Settings {
            host: "127.0.0.1".into(),
            port: 0,
            database_path: db_dir.path().join("products.db"),
        };
        let app = Application::build(settings).expect("the application failed to start");
        let address = format!("http://127.0.0.1:{}", app.port());
        let server = app.handle();
        tokio::spawn(app.run_until_stopped());

        let client = reqwest::Client::builder()
            // Talk to the service directly even if the environment sets a proxy.
            .no_proxy()
            // A connection per request: after refusing a body (413) the
            // service closes the connection, and a pooled one would fail the
            // next request of the test.
            .pool_max_idle_per_host(0)
            .build()
            .expect("cannot build the HTTP client");
        Self {
            address,
            client,
            server,
            db_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get_health(&self) -> Response {
        send(self.client.get(self.url("/health"))).await
    }

    pub async fn post_product(&self, body: &Value) -> Response {
        send(self.client.post(self.url("/products")).json(body)).await
    }

    /// `id` is whatever the service returned (or any string, to probe 404s).
    pub async fn get_product(&self, id: impl Display) -> Response {
        send(self.client.get(self.product_url(id))).await
    }

    pub async fn put_product(&self, id: impl Display, body: &Value) -> Response {
        send(self.client.put(self.product_url(id)).json(body)).await
    }

    pub async fn patch_product(&self, id: impl Display, body: &Value) -> Response {
        send(self.client.patch(self.product_url(id)).json(body)).await
    }

    pub async fn delete_product(&self, id: impl Display) -> Response {
        send(self.client.delete(self.product_url(id))).await
    }

    /// `query` is the raw query string, e.g. `"page=2&per_page=10"`.
    pub async fn list_products(&self, query: &str) -> Response {
        send(self.client.get(self.url(&format!("/products?{query}")))).await
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
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        send(request).await
    }

    /// Creates a product for a test that is about something else; returns
    /// the product as the service sent it.
    pub async fn create_product(&self, body: &Value) -> Value {
        let response = self.post_product(body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "creating {body}");
        json_body(response).await
    }

    /// Creates products with these names, in this order; returns their ids.
    pub async fn create_named(&self, names: &[&str]) -> Vec<Value> {
        let mut ids = Vec::new();
        for name in names {
            let product = self
                .create_product(&json!({ "name": name, "price": 1 }))
                .await;
            ids.push(product["id"].clone());
        }
        ids
    }

    /// The ids of the items of a `GET /products?{query}` answered 200.
    pub async fn listed_ids(&self, query: &str) -> Vec<Value> {
        let response = self.list_products(query).await;
        assert_eq!(response.status(), StatusCode::OK, "listing ?{query}");
        let list = json_body(response).await;
        list["items"]
            .as_array()
            .unwrap_or_else(|| panic!("no items array in {list}"))
            .iter()
            .map(|item| item["id"].clone())
            .collect()
    }

    fn product_url(&self, id: impl Display) -> String {
        self.url(&format!("/products/{id}"))
    }
}

async fn send(request: RequestBuilder) -> Response {
    request.send().await.expect("the request did not complete")
}

/// A product body that passes every rule.
pub fn lamp() -> Value {
    json!({ "name": "Desk lamp", "description": "Warm white, 40 W", "price": 19.99 })
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
