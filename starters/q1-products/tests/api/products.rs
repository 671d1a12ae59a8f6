use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, json_body};

#[tokio::test]
async fn creating_a_product_returns_201_and_the_product_with_an_id() {
    let app = TestApp::spawn().await;

    let response = app
        .post_product(
            &json!({ "name": "Desk lamp", "description": "Warm white, 40 W", "price": 19.99 }),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let product = json_body(response).await;
    assert!(!product["id"].is_null(), "no id in {product}");
    assert_eq!(product["name"], "Desk lamp");
    assert_eq!(product["description"], "Warm white, 40 W");
    assert_eq!(product["price"], 19.99);
}

#[tokio::test]
async fn description_defaults_to_empty_when_omitted() {
    let app = TestApp::spawn().await;

    let product = app
        .create_product(&json!({ "name": "Mug", "price": 4.5 }))
        .await;

    assert_eq!(product["description"], "");
}

#[tokio::test]
async fn a_created_product_can_be_read_back_by_its_id() {
    let app = TestApp::spawn().await;
    let created = app
        .create_product(&json!({ "name": "Desk lamp", "price": 19.99 }))
        .await;

    let response = app.get_product(&created["id"]).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, created);
}

#[tokio::test]
async fn an_unknown_id_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    let response = app.get_product(424242).await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = json_body(response).await;
    assert!(body["error"].is_string(), "no error message in {body}");
}

#[tokio::test]
async fn an_id_that_is_not_a_number_is_404() {
    let app = TestApp::spawn().await;

    let response = app.get_product("lamp").await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_holds_every_product_in_creation_order_with_a_total() {
    let app = TestApp::spawn().await;
    let lamp = app
        .create_product(&json!({ "name": "Lamp", "price": 10 }))
        .await;
    let mug = app
        .create_product(&json!({ "name": "Mug", "price": 4.5 }))
        .await;

    let response = app.list_products().await;

    assert_eq!(response.status(), StatusCode::OK);
    let list = json_body(response).await;
    assert_eq!(list["items"], json!([lamp, mug]));
    assert_eq!(list["total"], 2);
}

#[tokio::test]
async fn the_list_of_a_new_service_is_empty() {
    let app = TestApp::spawn().await;

    let list = json_body(app.list_products().await).await;

    assert_eq!(list, json!({ "items": [], "total": 0 }));
}
