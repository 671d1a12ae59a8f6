use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_error, json_body};

#[tokio::test]
async fn the_list_of_a_new_service_is_an_empty_first_page() {
    let app = TestApp::spawn().await;

    let response = app.list_products("").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_body(response).await,
        json!({ "items": [], "page": 1, "per_page": 20, "total": 0 })
    );
}

#[tokio::test]
async fn the_list_holds_full_products_in_creation_order() {
    let app = TestApp::spawn().await;
    let lamp = app
        .create_product(&json!({ "name": "Lamp", "price": 10 }))
        .await;
    let mug = app
        .create_product(&json!({ "name": "Mug", "price": 4.5 }))
        .await;

    let list = json_body(app.list_products("").await).await;

    assert_eq!(list["items"], json!([lamp, mug]));
    assert_eq!(list["total"], 2);
}

#[tokio::test]
async fn pages_split_the_list_in_order_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let ids = app.create_named(&["a", "b", "c", "d", "e"]).await;

    assert_eq!(app.listed_ids("page=1&per_page=2").await, ids[0..2]);
    assert_eq!(app.listed_ids("page=2&per_page=2").await, ids[2..4]);
    assert_eq!(app.listed_ids("page=3&per_page=2").await, ids[4..5]);

    let list = json_body(app.list_products("page=2&per_page=2").await).await;
    assert_eq!(
        (&list["page"], &list["per_page"], &list["total"]),
        (&json!(2), &json!(2), &json!(5))
    );
}

#[tokio::test]
async fn per_page_defaults_to_20() {
    let app = TestApp::spawn().await;
    let names: Vec<String> = (0..21).map(|i| format!("p{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let ids = app.create_named(&names).await;

    assert_eq!(app.listed_ids("").await, ids[0..20]);
    assert_eq!(app.listed_ids("page=2").await, ids[20..21]);
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_the_right_total() {
    let app = TestApp::spawn().await;
    app.create_named(&["a", "b", "c"]).await;

    for page in ["2", "1000", "18446744073709551615"] {
        let response = app.list_products(&format!("page={page}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let list = json_body(response).await;
        assert_eq!(list["items"], json!([]), "page {page}");
        assert_eq!(list["total"], 3, "page {page}");
    }
}

#[tokio::test]
async fn invalid_page_or_per_page_is_400_naming_the_parameter() {
    let app = TestApp::spawn().await;

    for (query, parameter) in [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=", "page"),
        ("page=1.5", "page"),
        ("per_page=0", "per_page"),
        ("per_page=-1", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=abc", "per_page"),
        ("per_page=", "per_page"),
    ] {
        let response = app.list_products(query).await;
        let body = assert_error(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["parameter"], parameter, "?{query}: {body}");
    }
}

#[tokio::test]
async fn a_repeated_parameter_is_400() {
    let app = TestApp::spawn().await;

    let response = app.list_products("page=1&page=2").await;

    assert_error(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn the_name_filter_matches_substrings_ignoring_case() {
    let app = TestApp::spawn().await;
    let ids = app
        .create_named(&["Desk LAMP", "Mug", "lampshade", "Clamp", "Bulb"])
        .await;

    let list = json_body(app.list_products("name=Lam").await).await;

    let listed: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(listed, [&ids[0], &ids[2], &ids[3]]);
    assert_eq!(list["total"], 3);
}

#[tokio::test]
async fn the_name_filter_ignores_case_beyond_ascii() {
    let app = TestApp::spawn().await;
    let ids = app
        .create_named(&["ÉCLAIR au café", "Éclair", "eclair"])
        .await;

    assert_eq!(app.listed_ids("name=%C3%A9clair").await, ids[0..2]);
    assert_eq!(app.listed_ids("name=CAF%C3%89").await, ids[0..1]);
}

#[tokio::test]
async fn the_name_filter_combines_with_pagination_and_total_counts_the_filtered_set() {
    let app = TestApp::spawn().await;
    let ids = app
        .create_named(&["lamp 1", "mug", "lamp 2", "lamp 3", "mug", "lamp 4"])
        .await;

    let list = json_body(app.list_products("name=lamp&page=2&per_page=2").await).await;

    let listed: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(listed, [&ids[3], &ids[5]]);
    assert_eq!(list["total"], 4);
}

#[tokio::test]
async fn the_name_filter_matches_wildcards_quotes_and_sql_literally() {
    let app = TestApp::spawn().await;
    let ids = app
        .create_named(&[
            "50% off",
            "500 off",
            "snake_case",
            "snakeXcase",
            "O'Brien's lamp",
            "x' OR 1=1 -- y",
            "back\\slash",
        ])
        .await;

    for (query, expected) in [
        ("name=%25", vec![&ids[0]]),
        ("name=0%25", vec![&ids[0]]),
        ("name=_", vec![&ids[2]]),
        ("name=e_c", vec![&ids[2]]),
        ("name='", vec![&ids[4], &ids[5]]),
        ("name=%27s%20lamp", vec![&ids[4]]),
        ("name=%27%20OR%201%3D1%20--", vec![&ids[5]]),
        ("name=%5C", vec![&ids[6]]),
        ("name=%25%25", vec![]),
    ] {
        let list = json_body(app.list_products(query).await).await;
        let listed: Vec<_> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["id"])
            .collect();
        assert_eq!(listed, expected, "?{query}");
        assert_eq!(list["total"], expected.len(), "?{query}");
    }
}

#[tokio::test]
async fn an_empty_name_filter_matches_everything() {
    let app = TestApp::spawn().await;
    let ids = app.create_named(&["a", "b"]).await;

    assert_eq!(app.listed_ids("name=").await, ids);
}
