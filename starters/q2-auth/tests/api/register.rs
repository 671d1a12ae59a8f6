use reqwest::{StatusCode, header::LOCATION};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, json_body};

#[tokio::test]
async fn registering_returns_201_the_id_and_email_and_a_location() {
    let app = TestApp::spawn().await;

    let response = app.register("ann@example.com", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let user = json_body(response).await;
    assert!(!user["id"].is_null(), "no id in {user}");
    assert_eq!(user["email"], "ann@example.com");
    assert_eq!(location, format!("/users/{}", user["id"]));
}

#[tokio::test]
async fn the_response_holds_neither_the_password_nor_its_hash() {
    let app = TestApp::spawn().await;

    let response = app.register("ann@example.com", PASSWORD).await;

    let user = json_body(response).await;
    assert_eq!(
        user,
        json!({ "id": user["id"], "email": "ann@example.com" })
    );
    assert!(!user.to_string().contains(PASSWORD), "{user}");
}

#[tokio::test]
async fn missing_fields_are_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (body, field) in [
        (json!({ "password": PASSWORD }), "email"),
        (json!({ "email": "ann@example.com" }), "password"),
        (json!({ "email": 42, "password": PASSWORD }), "email"),
    ] {
        let response = app.post_json("/auth/register", &body).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_body(response).await["field"], field);
    }
}
