//! The notes API the middleware protects. These requests stay well under
//! the limit.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_error, json_body};

#[tokio::test]
async fn creating_a_note_returns_201_and_the_note_with_an_id() {
    let app = TestApp::spawn().await;

    let response = app.client.post_note(&json!({ "text": "buy milk" })).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let note = json_body(response).await;
    assert!(!note["id"].is_null(), "no id in {note}");
    assert_eq!(note["text"], "buy milk");
}

#[tokio::test]
async fn a_created_note_can_be_read_back_by_its_id() {
    let app = TestApp::spawn().await;
    let created = app.client.create_note(&json!({ "text": "buy milk" })).await;

    let response = app.client.get_note(&created["id"]).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, created);
}

#[tokio::test]
async fn the_list_holds_every_note_in_creation_order() {
    let app = TestApp::spawn().await;
    let milk = app.client.create_note(&json!({ "text": "buy milk" })).await;
    let call = app.client.create_note(&json!({ "text": "call Ada" })).await;

    let response = app.client.list_notes().await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, json!({ "items": [milk, call] }));
}

#[tokio::test]
async fn an_empty_text_is_422_naming_the_field() {
    let app = TestApp::spawn().await;

    let response = app.client.post_note(&json!({ "text": "  " })).await;

    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["field"], "text");
}

#[tokio::test]
async fn an_unknown_id_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    for id in ["424242", "milk"] {
        let response = app.client.get_note(id).await;
        assert_error(response, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn an_unknown_path_under_api_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    let response = app.client.get("/api/nope").await;

    assert_error(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn another_loopback_address_reaches_the_service() {
    let app = TestApp::spawn().await;

    let response = app.client_from(2).list_notes().await;

    assert_eq!(response.status(), StatusCode::OK);
}
