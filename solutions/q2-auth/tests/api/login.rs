use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::{
    StatusCode,
    header::{CACHE_CONTROL, WWW_AUTHENTICATE},
};
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, SECRET, TestApp, assert_invalid_field, assert_unauthorized, json_body,
};

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("not a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn a_login_returns_a_bearer_token_and_its_lifetime() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let response = app.login("ann@example.com", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    let body = json_body(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert!(body["access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn the_token_is_an_hs256_jwt_with_sub_iat_and_exp_only() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let token = app.token_for("ann@example.com", PASSWORD).await;

    // Verified independently of the service's own code.
    let decoded = jsonwebtoken::decode::<Value>(
        &token,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &Validation::new(Algorithm::HS256),
    )
    .expect("the token does not verify with JWT_SECRET");
    assert_eq!(decoded.header.alg, Algorithm::HS256);
    let claims = decoded.claims;
    assert_eq!(claims["sub"], user["id"].to_string());
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["exp"].as_i64(), Some(iat + 3600));
    assert_eq!(
        claims,
        json!({ "sub": claims["sub"], "iat": iat, "exp": iat + 3600 })
    );
}

#[tokio::test]
async fn expires_in_and_exp_follow_jwt_ttl_secs() {
    let app = TestApp::spawn_with(|settings| settings.jwt_ttl_secs = 120).await;
    app.create_user("ann@example.com").await;

    let body = json_body(app.login("ann@example.com", PASSWORD).await).await;

    assert_eq!(body["expires_in"], 120);
    let claims = claims_of(body["access_token"].as_str().unwrap());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
}

#[tokio::test]
async fn the_email_is_matched_ignoring_case_and_surrounding_spaces() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let response = app.login("  ANN@example.com ", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let mut answers = Vec::new();
    for (email, password) in [
        ("ann@example.com", "wrong password"),
        ("bob@example.com", PASSWORD),
        ("bob@example.com", "wrong password"),
        ("not an email", PASSWORD),
        ("ann@example.com", "short"),
    ] {
        let response = app.login(email, password).await;
        let challenge = response.headers()[WWW_AUTHENTICATE].clone();
        answers.push((challenge, assert_unauthorized(response).await));
    }

    assert_eq!(
        answers[0].1,
        json!({ "error": "invalid email or password" })
    );
    for answer in &answers {
        assert_eq!(answer, &answers[0]);
    }
}

#[tokio::test]
async fn the_password_is_case_and_space_sensitive() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    for password in [
        PASSWORD.to_uppercase(),
        format!(" {PASSWORD}"),
        format!("{PASSWORD} "),
    ] {
        let response = app.login("ann@example.com", &password).await;
        assert_unauthorized(response).await;
    }
}

#[tokio::test]
async fn a_longer_password_sharing_the_first_72_bytes_does_not_log_in() {
    let app = TestApp::spawn().await;
    let password = "x".repeat(72);
    app.register("ann@example.com", &password).await;

    let response = app
        .login("ann@example.com", &format!("{password}tail"))
        .await;

    assert_unauthorized(response).await;
    app.token_for("ann@example.com", &password).await;
}

#[tokio::test]
async fn missing_fields_and_wrong_types_are_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (body, field) in [
        (json!({ "password": PASSWORD }), "email"),
        (json!({ "email": "ann@example.com" }), "password"),
        (json!({ "email": 1, "password": PASSWORD }), "email"),
        (
            json!({ "email": "ann@example.com", "password": false }),
            "password",
        ),
    ] {
        let response = app.post_json("/auth/login", &body).await;
        assert_invalid_field(response, field).await;
    }
}

#[tokio::test]
async fn the_token_works_on_a_protected_route() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;
    let token = app.token_for("ann@example.com", PASSWORD).await;

    let response = app.get_me(&token).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, user);
}
