use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_error, assert_invalid_field, json_body, lamp};

#[tokio::test]
async fn patch_changes_only_the_fields_sent() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;
    let id = &created["id"];

    let response = app.patch_product(id, &json!({ "price": 24.5 })).await;

    assert_eq!(response.status(), StatusCode::OK);
    let mut expected = created.clone();
    expected["price"] = json!(24.5);
    assert_eq!(json_body(response).await, expected);

    let renamed = json_body(app.patch_product(id, &json!({ "name": " Lamp " })).await).await;
    expected["name"] = json!("Lamp");
    assert_eq!(renamed, expected);
    assert_eq!(json_body(app.get_product(id).await).await, expected);
}

#[tokio::test]
async fn an_empty_patch_changes_nothing() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;

    let response = app.patch_product(&created["id"], &json!({})).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, created);
}

#[tokio::test]
async fn each_patched_field_gets_its_create_rule_and_a_failure_changes_nothing() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;
    let id = &created["id"];

    for (body, field) in [
        (json!({ "name": "" }), "name"),
        (json!({ "name": null }), "name"),
        (json!({ "description": null }), "description"),
        (json!({ "description": "d".repeat(1001) }), "description"),
        (json!({ "price": null }), "price"),
        (json!({ "price": -1 }), "price"),
        (json!({ "name": "Fine", "price": 1.234 }), "price"),
    ] {
        assert_invalid_field(app.patch_product(id, &body).await, field).await;
    }
    assert_eq!(json_body(app.get_product(id).await).await, created);
}

#[tokio::test]
async fn patch_on_an_unknown_id_is_404() {
    let app = TestApp::spawn().await;

    let response = app.patch_product(424242, &json!({ "price": 1 })).await;

    assert_error(response, StatusCode::NOT_FOUND).await;
}
