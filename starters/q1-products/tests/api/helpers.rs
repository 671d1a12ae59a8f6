//! `TestApp`: a running service plus typed helpers for each endpoint.

use std::fmt::Display;

use q1_products_starter::{settings::Settings, startup::Application};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

pub struct TestApp {
    /// e.g. `http://127.0.0.1:41234`
    pub address: String,
    pub client: reqwest::Client,
    /// Holds the database; the directory is deleted when the app is dropped.
    _db_dir: TempDir,
}

impl TestApp {
    /// Starts the service on a free port, with a fresh database.
    pub async fn spawn() -> Self {
        let db_dir = tempfile::tempdir().expect("cannot create a temporary directory");
        let settings = Settings {
            host: "127.0.0.1".into(),
            port: 0,
            database_path: db_dir.path().join("products.db"),
        };
        let app = Application::build(settings).expect("the application failed to start");
        let address = format!("http://127.0.0.1:{}", app.port());
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
            _db_dir: db_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get_health(&self) -> Response {
        self.send(self.client.get(self.url("/health"))).await
    }

    pub async fn post_product(&self, body: &Value) -> Response {
        self.send(self.client.post(self.url("/products")).json(body))
            .await
    }

    /// `id` is whatever the service returned (or any string, to probe 404s).
    pub async fn get_product(&self, id: impl Display) -> Response {
        self.send(self.client.get(self.url(&format!("/products/{id}"))))
            .await
    }

    pub async fn list_products(&self) -> Response {
        self.send(self.client.get(self.url("/products"))).await
    }

    /// Creates a product for a test that is about something else; returns
    /// the product as the service sent it.
    pub async fn create_product(&self, body: &Value) -> Value {
        let response = self.post_product(body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "creating {body}");
        json_body(response).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        request.send().await.expect("the request did not complete")
    }
}

pub async fn json_body(response: Response) -> Value {
    response.json().await.expect("the body is not JSON")
}
