//! Requests the service must refuse cleanly: never a 5xx, always a JSON
//! error body.

use reqwest::{Method, StatusCode, header::ALLOW};
use serde_json::json;

use crate::helpers::{TestApp, assert_error, lamp};

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;

    for body in [
        "{",
        "{\"name\": \"Mug\",",
        "not json",
        "{\"name\": \"Mug\", }",
        "",
    ] {
        let response = app
            .send_raw(Method::POST, "/products", Some("application/json"), body)
            .await;
        assert_error(response, StatusCode::BAD_REQUEST).await;
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
            .send_raw(Method::POST, "/products", content_type, lamp().to_string())
            .await;
        let body = assert_error(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        assert_eq!(
            body,
            json!({ "error": "request body must be JSON, sent with `Content-Type: application/json`" })
        );
    }
}

#[tokio::test]
async fn json_with_a_charset_is_accepted() {
    let app = TestApp::spawn().await;

    let response = app
        .send_raw(
            Method::POST,
            "/products",
            Some("application/json; charset=utf-8"),
            lamp().to_string(),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_over_1_mib_is_413_and_the_service_stays_up() {
    let app = TestApp::spawn().await;
    // 1.5 MiB of valid JSON: only its size is wrong.
    let body = json!({ "name": "x".repeat(3 << 19), "price": 1 }).to_string();

    let (status, body) = app.post_oversized("/products", body).await;

    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body,
        json!({ "error": "request body is larger than the limit of 1048576 bytes" })
    );
    assert_eq!(app.get_health().await.status(), StatusCode::OK);
    app.create_product(&lamp()).await;
}

#[tokio::test]
async fn a_body_just_under_1_mib_is_read() {
    let app = TestApp::spawn().await;
    // Valid JSON under the limit; refused for its name, not its size.
    let body = json!({ "name": "x".repeat(1_000_000), "price": 1 });

    let response = app.post_product(&body).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_unknown_path_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    for path in ["/nope", "/products/1/extra", "/product"] {
        let response = app.send_raw(Method::GET, path, None, "").await;
        assert_error(response, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn an_unsupported_method_is_405_with_an_allow_header() {
    let app = TestApp::spawn().await;

    for (method, path, allow) in [
        (Method::DELETE, "/products", "GET, POST"),
        (Method::PUT, "/products", "GET, POST"),
        (Method::POST, "/products/1", "GET, PUT, PATCH, DELETE"),
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
    let id = app.create_product(&lamp()).await["id"].clone();

    for path in [
        "/health".to_owned(),
        "/products".to_owned(),
        format!("/products/{id}"),
    ] {
        let response = app.send_raw(Method::OPTIONS, &path, None, "").await;
        let allow = response.headers()[ALLOW].to_str().unwrap().to_owned();
        for method in allow.split(", ") {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let response = app
                .send_raw(
                    method.clone(),
                    &path,
                    Some("application/json"),
                    lamp().to_string(),
                )
                .await;
            assert_ne!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}
