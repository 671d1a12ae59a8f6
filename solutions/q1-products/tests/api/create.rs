use reqwest::{StatusCode, header::LOCATION};
use serde_json::json;

use crate::helpers::{TestApp, assert_error, assert_invalid_field, json_body, lamp};

#[tokio::test]
async fn creating_a_product_returns_201_the_product_and_its_location() {
    let app = TestApp::spawn().await;

    let response = app.post_product(&lamp()).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let product = json_body(response).await;
    assert_eq!(location, format!("/products/{}", product["id"]));
    assert_eq!(
        product,
        json!({ "id": product["id"], "name": "Desk lamp", "description": "Warm white, 40 W", "price": 19.99 })
    );
}

#[tokio::test]
async fn the_price_comes_back_exactly_as_sent() {
    let app = TestApp::spawn().await;

    for price in [
        json!(19.99),
        json!(0.1),
        json!(0.01),
        json!(999_999.99),
        json!(5),
        json!(0),
    ] {
        let product = app
            .create_product(&json!({ "name": "Lamp", "price": price }))
            .await;
        assert_eq!(product["price"].as_f64(), price.as_f64(), "{product}");
        let read = json_body(app.get_product(&product["id"]).await).await;
        assert_eq!(read["price"].as_f64(), price.as_f64(), "{read}");
    }
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
async fn the_name_is_stored_trimmed() {
    let app = TestApp::spawn().await;

    let product = app
        .create_product(&json!({ "name": "  Mug \t", "price": 4.5 }))
        .await;

    assert_eq!(product["name"], "Mug");
}

#[tokio::test]
async fn an_id_and_unknown_fields_in_the_body_are_ignored() {
    let app = TestApp::spawn().await;

    let product = app
        .create_product(&json!({ "id": 999, "name": "Mug", "price": 4.5, "colour": "red" }))
        .await;

    assert_ne!(product["id"], 999);
    assert_eq!(product.get("colour"), None);
}

#[tokio::test]
async fn values_at_the_limits_of_each_rule_are_accepted() {
    let app = TestApp::spawn().await;

    for body in [
        json!({ "name": "x", "price": 0 }),
        json!({ "name": "é".repeat(100), "price": 1_000_000 }),
        json!({ "name": "Mug", "description": "ü".repeat(1000), "price": 0.5 }),
    ] {
        let response = app.post_product(&body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    }
}

#[tokio::test]
async fn each_broken_field_rule_is_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (body, field) in [
        (json!({ "price": 1 }), "name"),
        (json!({ "name": "", "price": 1 }), "name"),
        (json!({ "name": "   ", "price": 1 }), "name"),
        (json!({ "name": "x".repeat(101), "price": 1 }), "name"),
        (
            json!({ "name": "Mug", "description": "d".repeat(1001), "price": 1 }),
            "description",
        ),
        (json!({ "name": "Mug" }), "price"),
        (json!({ "name": "Mug", "price": -0.01 }), "price"),
        (json!({ "name": "Mug", "price": 1_000_000.01 }), "price"),
        (json!({ "name": "Mug", "price": 1.999 }), "price"),
    ] {
        let response = app.post_product(&body).await;
        assert_invalid_field(response, field).await;
    }
}

#[tokio::test]
async fn wrong_json_types_are_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (body, field) in [
        (json!({ "name": 5, "price": 1 }), "name"),
        (json!({ "name": null, "price": 1 }), "name"),
        (
            json!({ "name": "Mug", "description": 7, "price": 1 }),
            "description",
        ),
        (json!({ "name": "Mug", "price": "abc" }), "price"),
        (json!({ "name": "Mug", "price": "19.99" }), "price"),
        (json!({ "name": "Mug", "price": null }), "price"),
    ] {
        let response = app.post_product(&body).await;
        assert_invalid_field(response, field).await;
    }
}

#[tokio::test]
async fn a_json_body_that_is_not_an_object_is_422() {
    let app = TestApp::spawn().await;

    for body in [json!([1, 2]), json!("Mug"), json!(null)] {
        let response = app.post_product(&body).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

#[tokio::test]
async fn a_rejected_product_is_not_stored() {
    let app = TestApp::spawn().await;

    app.post_product(&json!({ "name": "", "price": 1 })).await;

    assert!(app.listed_ids("").await.is_empty());
}
