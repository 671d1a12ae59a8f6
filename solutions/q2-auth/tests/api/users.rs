use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_error, assert_unauthorized, json_body};

#[tokio::test]
async fn me_is_the_account_of_the_token() {
    let app = TestApp::spawn().await;
    let (id, token) = app.signed_in("ann@example.com").await;
    app.signed_in("bob@example.com").await;

    let response = app.get_me(&token).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_body(response).await,
        json!({ "id": id, "email": "ann@example.com" })
    );
}

#[tokio::test]
async fn reading_ones_own_id_is_200() {
    let app = TestApp::spawn().await;
    let (id, token) = app.signed_in("ann@example.com").await;

    let response = app.get_user(&id, &token).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_body(response).await,
        json!({ "id": id, "email": "ann@example.com" })
    );
}

#[tokio::test]
async fn any_other_id_is_403_whether_it_exists_or_not() {
    let app = TestApp::spawn().await;
    let (_, token) = app.signed_in("ann@example.com").await;
    let (bob, _) = app.signed_in("bob@example.com").await;

    let mut bodies = Vec::new();
    for id in [bob.to_string(), "424242".into(), "0".into(), "-1".into()] {
        bodies.push(assert_error(app.get_user(&id, &token).await, StatusCode::FORBIDDEN).await);
    }

    for body in &bodies {
        assert_eq!(body, &bodies[0], "an existence oracle");
    }
}

#[tokio::test]
async fn an_id_that_is_not_a_number_is_403_too() {
    let app = TestApp::spawn().await;
    let (id, token) = app.signed_in("ann@example.com").await;

    for path in ["abc", "1.0", &format!("0{id}"), "%20"] {
        let response = app.get_user(path, &token).await;
        assert_error(response, StatusCode::FORBIDDEN).await;
    }
}

#[tokio::test]
async fn without_a_token_both_routes_are_401_before_any_403() {
    let app = TestApp::spawn().await;
    let (id, _) = app.signed_in("ann@example.com").await;

    for path in [
        "/users/me".to_owned(),
        format!("/users/{id}"),
        "/users/424242".to_owned(),
        "/users/abc".to_owned(),
    ] {
        let response = app.get_with_authorization(&path, None).await;
        assert_unauthorized(response).await;
    }
}
