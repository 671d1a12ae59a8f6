use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_error, json_body, lamp};

#[tokio::test]
async fn a_created_product_can_be_read_back_by_its_id() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;

    let response = app.get_product(&created["id"]).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, created);
}

#[tokio::test]
async fn an_unknown_id_is_404_with_a_json_error() {
    let app = TestApp::spawn().await;

    let response = app.get_product(424242).await;

    let body = assert_error(response, StatusCode::NOT_FOUND).await;
    assert_eq!(body, json!({ "error": "no product with id `424242`" }));
}

#[tokio::test]
async fn ids_that_are_not_numbers_are_404() {
    let app = TestApp::spawn().await;

    for id in ["lamp", "1.5", "-1", "0", "99999999999999999999999"] {
        let response = app.get_product(id).await;
        assert_error(response, StatusCode::NOT_FOUND).await;
    }
}
