use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, assert_error, assert_invalid_field, json_body, lamp};

#[tokio::test]
async fn put_replaces_every_field_and_returns_the_product() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();

    let response = app
        .put_product(
            &id,
            &json!({ "name": "Floor lamp", "description": "Tall", "price": 49 }),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let expected = json!({ "id": id, "name": "Floor lamp", "description": "Tall", "price": 49 });
    assert_eq!(json_body(response).await, expected);
    assert_eq!(json_body(app.get_product(&id).await).await, expected);
}

#[tokio::test]
async fn put_without_a_description_resets_it_to_empty() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();

    let product = json_body(
        app.put_product(&id, &json!({ "name": "Lamp", "price": 1 }))
            .await,
    )
    .await;

    assert_eq!(product["description"], "");
}

#[tokio::test]
async fn put_never_changes_the_id() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();

    let product = json_body(
        app.put_product(&id, &json!({ "id": 777, "name": "Lamp", "price": 1 }))
            .await,
    )
    .await;

    assert_eq!(product["id"], id);
    assert_eq!(app.get_product(777).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn put_on_an_unknown_id_is_404() {
    let app = TestApp::spawn().await;

    for id in ["424242", "lamp"] {
        let response = app.put_product(id, &lamp()).await;
        assert_error(response, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn put_applies_the_rules_of_create_and_changes_nothing_when_they_break() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;
    let id = &created["id"];

    for (body, field) in [
        (json!({ "price": 1 }), "name"),
        (json!({ "name": "Lamp" }), "price"),
        (json!({ "name": "Lamp", "price": 0.001 }), "price"),
        (json!({ "name": "Lamp", "price": "abc" }), "price"),
    ] {
        assert_invalid_field(app.put_product(id, &body).await, field).await;
    }
    assert_eq!(json_body(app.get_product(id).await).await, created);
}

#[tokio::test]
async fn put_with_a_body_that_is_not_json_is_400_or_415() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();
    let path = format!("/products/{id}");

    let malformed = app
        .send_raw(Method::PUT, &path, Some("application/json"), "{\"name\":")
        .await;
    assert_error(malformed, StatusCode::BAD_REQUEST).await;

    let plain_text = app
        .send_raw(Method::PUT, &path, Some("text/plain"), lamp().to_string())
        .await;
    assert_error(plain_text, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}
