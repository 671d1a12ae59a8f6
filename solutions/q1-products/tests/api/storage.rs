use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;
use tokio::task::JoinSet;

use crate::helpers::{TestApp, json_body, lamp};

#[tokio::test]
async fn products_survive_a_restart() {
    let app = TestApp::spawn().await;
    let created = app.create_product(&lamp()).await;

    let app = app.restart().await;

    let response = app.get_product(&created["id"]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, created);
}

#[tokio::test]
async fn ids_are_not_reused_across_a_restart_either() {
    let app = TestApp::spawn().await;
    let first = app.create_product(&lamp()).await["id"].clone();
    app.delete_product(&first).await;

    let app = app.restart().await;

    let second = app.create_product(&lamp()).await["id"].clone();
    assert_ne!(first, second);
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_concurrent_creates_all_succeed_with_distinct_ids() {
    let app = TestApp::spawn().await;
    let mut requests = JoinSet::new();
    for i in 0..50 {
        let request = app
            .client
            .post(app.url("/products"))
            .json(&json!({ "name": format!("product {i}"), "price": i }));
        requests.spawn(async move {
            let response = request.send().await.expect("the request did not complete");
            (response.status(), json_body(response).await)
        });
    }

    let mut ids = HashSet::new();
    while let Some(result) = requests.join_next().await {
        let (status, product) = result.expect("a request task panicked");
        assert_eq!(status, StatusCode::CREATED, "{product}");
        ids.insert(product["id"].to_string());
    }
    assert_eq!(ids.len(), 50);
    assert_eq!(json_body(app.list_products("").await).await["total"], 50);
}
