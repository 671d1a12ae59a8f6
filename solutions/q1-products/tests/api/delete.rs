use reqwest::StatusCode;

use crate::helpers::{TestApp, assert_error, lamp};

#[tokio::test]
async fn delete_is_204_with_an_empty_body() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();

    let response = app.delete_product(&id).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_deleted_product_is_gone_for_every_method() {
    let app = TestApp::spawn().await;
    let id = app.create_product(&lamp()).await["id"].clone();
    app.delete_product(&id).await;

    assert_error(app.get_product(&id).await, StatusCode::NOT_FOUND).await;
    assert_error(app.put_product(&id, &lamp()).await, StatusCode::NOT_FOUND).await;
    assert_error(app.delete_product(&id).await, StatusCode::NOT_FOUND).await;
    assert!(app.listed_ids("").await.is_empty());
}

#[tokio::test]
async fn deleting_an_unknown_id_is_404() {
    let app = TestApp::spawn().await;

    for id in ["424242", "lamp"] {
        assert_error(app.delete_product(id).await, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn the_id_of_a_deleted_product_is_never_reused() {
    let app = TestApp::spawn().await;
    let first = app.create_product(&lamp()).await["id"].clone();
    app.delete_product(&first).await;

    let second = app.create_product(&lamp()).await["id"].clone();

    assert_ne!(first, second);
}
