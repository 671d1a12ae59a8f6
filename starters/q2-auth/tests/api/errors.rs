//! Requests the service must refuse cleanly: never a 5xx, always a JSON
//! error body.

use reqwest::{Method, StatusCode, header::ALLOW};

use crate::helpers::{TestApp, assert_error};

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;

    for body in ["{", "not json", ""] {
        let response = app
            .send_raw(
                Method::POST,
                "/auth/register",
                Some("application/json"),
                body,
            )
            .await;
        assert_error(response, StatusCode::BAD_REQUEST).await;
    }
}

#[tokio::test]
async fn a_body_not_declared_as_json_is_415() {
    let app = TestApp::spawn().await;

    let response = app
        .send_raw(Method::POST, "/auth/register", Some("text/plain"), "{}")
        .await;

    assert_error(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

#[tokio::test]
async fn an_unknown_path_is_404_and_an_unsupported_method_405() {
    let app = TestApp::spawn().await;

    assert_error(
        app.send_raw(Method::GET, "/nope", None, "").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let response = app.send_raw(Method::GET, "/auth/register", None, "").await;
    assert_eq!(response.headers()[ALLOW], "POST");
    assert_error(response, StatusCode::METHOD_NOT_ALLOWED).await;
}
