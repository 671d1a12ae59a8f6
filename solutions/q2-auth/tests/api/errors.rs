//! Requests the service must refuse cleanly: never a 5xx, always a JSON
//! error body.

use reqwest::{Method, StatusCode, header::ALLOW};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, assert_error};

fn registration() -> String {
    json!({ "email": "ann@example.com", "password": PASSWORD }).to_string()
}

const JSON_ROUTES: [&str; 4] = [
    "/auth/register",
    "/auth/login",
    "/auth/password-reset",
    "/auth/password-reset/confirm",
];

#[tokio::test]
async fn malformed_json_is_400_on_every_route() {
    let app = TestApp::spawn().await;

    for path in JSON_ROUTES {
        for body in ["{", "{\"email\": \"ann@example.com\",", "not json", ""] {
            let response = app
                .send_raw(Method::POST, path, Some("application/json"), body)
                .await;
            assert_error(response, StatusCode::BAD_REQUEST).await;
        }
    }
}

#[tokio::test]
async fn a_body_not_declared_as_json_is_415() {
    let app = TestApp::spawn().await;

    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let response = app
            .send_raw(Method::POST, "/auth/register", content_type, registration())
            .await;
        let body = assert_error(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        assert_eq!(
            body,
            json!({ "error": "request body must be JSON, sent with `Content-Type: application/json`" })
        );
    }
}

#[tokio::test]
async fn json_that_is_not_an_object_is_422_without_quoting_it() {
    let app = TestApp::spawn().await;

    for body in [
        json!("hunter2-hunter2"),
        json!(["hunter2-hunter2"]),
        json!(null),
    ] {
        let response = app.post_json("/auth/login", &body).await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            body,
            json!({ "error": "request body must be a JSON object" })
        );
    }
}

#[tokio::test]
async fn a_body_over_1_mib_is_413_and_the_service_stays_up() {
    let app = TestApp::spawn().await;
    let body = json!({ "email": "ann@example.com", "password": "x".repeat(3 << 19) }).to_string();

    let (status, body) = app.post_oversized("/auth/register", body).await;

    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body,
        json!({ "error": "request body is larger than the limit of 1048576 bytes" })
    );
    // The server closes that connection once it has answered (the rest of
    // the body is never read): carry on with a new one.
    let app = app.with_new_client();
    assert_eq!(app.get_health().await.status(), StatusCode::OK);
    app.create_user("ann@example.com").await;
}

#[tokio::test]
async fn an_unknown_path_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    for path in [
        "/nope",
        "/users",
        "/users/1/extra",
        "/auth",
        "/reset-password",
    ] {
        let response = app.send_raw(Method::GET, path, None, "").await;
        assert_error(response, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn an_unsupported_method_is_405_with_an_allow_header() {
    let app = TestApp::spawn().await;

    for (method, path, allow) in [
        (Method::GET, "/auth/register", "POST"),
        (Method::GET, "/auth/login", "POST"),
        (Method::PUT, "/auth/password-reset", "POST"),
        (Method::GET, "/auth/password-reset/confirm", "POST"),
        (Method::POST, "/users/me", "GET"),
        (Method::DELETE, "/users/1", "GET"),
        (Method::POST, "/health", "GET"),
    ] {
        let response = app.send_raw(method.clone(), path, None, "").await;
        assert_eq!(response.headers()[ALLOW], allow, "{method} {path}");
        assert_error(response, StatusCode::METHOD_NOT_ALLOWED).await;
    }
}

/// The `Allow` header is written by hand next to the routes: check that
/// every method it lists really is routed, so the two cannot drift apart.
#[tokio::test]
async fn every_method_listed_in_allow_is_routed() {
    let app = TestApp::spawn().await;

    for path in ["/health", "/users/me", "/users/1"]
        .into_iter()
        .chain(JSON_ROUTES)
    {
        let response = app.send_raw(Method::OPTIONS, path, None, "").await;
        let allow = response.headers()[ALLOW].to_str().unwrap().to_owned();
        for method in allow.split(", ") {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let response = app
                .send_raw(method.clone(), path, Some("application/json"), "{}")
                .await;
            assert_ne!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}
