use std::time::Duration;

use reqwest::{StatusCode, header::HOST};
use serde_json::json;

use crate::helpers::{
    BASE_URL, PASSWORD, TestApp, assert_error, assert_invalid_field, assert_unauthorized,
    json_body, reset_token_in,
};

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn a_reset_request_is_202_with_the_same_body_for_known_and_unknown_emails() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let known = app.request_reset("ann@example.com").await;
    let unknown = app.request_reset("nobody@example.com").await;

    assert_eq!(known.status(), StatusCode::ACCEPTED);
    assert_eq!(unknown.status(), StatusCode::ACCEPTED);
    assert_eq!(json_body(known).await, json_body(unknown).await);
}

#[tokio::test]
async fn an_existing_account_gets_one_email_with_its_address_and_a_link() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    app.request_reset("  Ann@Example.com").await;

    let files = app.outbox_files();
    assert_eq!(files.len(), 1, "{files:?}");
    let message = std::fs::read_to_string(&files[0]).unwrap();
    assert!(message.contains("To: ann@example.com\r\n"), "{message}");
    assert!(
        message.contains(&format!("{BASE_URL}/reset-password?token=")),
        "{message}"
    );
    let token = reset_token_in(&message);
    assert_eq!(token.len(), 43, "{token}");
}

#[tokio::test]
async fn an_unknown_email_gets_no_email() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    app.request_reset("nobody@example.com").await;

    assert!(app.outbox_files().is_empty());
}

#[tokio::test]
async fn each_request_writes_a_new_email_with_a_new_token() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let first = app.reset_token_for("ann@example.com").await;
    let second = app.reset_token_for("ann@example.com").await;

    assert_ne!(first, second);
    assert_eq!(app.outbox_files().len(), 2);
}

#[tokio::test]
async fn the_link_ignores_the_host_header() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let response = app
        .client
        .post(app.url("/auth/password-reset"))
        .header(HOST, "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .json(&json!({ "email": "ann@example.com" }))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let message = std::fs::read_to_string(&app.outbox_files()[0]).unwrap();
    assert!(!message.contains("evil.example"), "{message}");
    assert!(message.contains(&format!("{BASE_URL}/reset-password?token=")));
}

#[tokio::test]
async fn the_database_holds_only_a_hash_of_the_token() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;

    let token = app.reset_token_for("ann@example.com").await;

    let stored: String = app
        .db()
        .query_row("SELECT token_hash FROM password_resets", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(stored.len(), 64);
    assert!(stored.bytes().all(|b| b.is_ascii_hexdigit()), "{stored}");
    crate::storage::assert_in_no_cell(&app, &token);
}

#[tokio::test]
async fn confirming_changes_the_password() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    let token = app.reset_token_for("ann@example.com").await;

    let response = app.confirm_reset(&token, NEW_PASSWORD).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    app.token_for("ann@example.com", NEW_PASSWORD).await;
    assert_unauthorized(app.login("ann@example.com", PASSWORD).await).await;
}

#[tokio::test]
async fn a_token_works_once() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    let token = app.reset_token_for("ann@example.com").await;
    app.confirm_reset(&token, NEW_PASSWORD).await;

    let response = app.confirm_reset(&token, "yet another passphrase").await;

    let body = assert_error(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        body,
        json!({ "error": "password reset token is invalid, expired or already used", "field": "token" })
    );
    app.token_for("ann@example.com", NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_reset_uses_up_the_accounts_other_tokens() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    let first = app.reset_token_for("ann@example.com").await;
    let second = app.reset_token_for("ann@example.com").await;

    app.confirm_reset(&second, NEW_PASSWORD).await;

    let response = app.confirm_reset(&first, "yet another passphrase").await;
    assert_error(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_token_expires_after_reset_token_ttl_secs() {
    let app = TestApp::spawn_with(|settings| settings.reset_token_ttl_secs = 2).await;
    app.create_user("ann@example.com").await;
    let token = app.reset_token_for("ann@example.com").await;

    tokio::time::sleep(Duration::from_millis(3100)).await;

    let response = app.confirm_reset(&token, NEW_PASSWORD).await;
    assert_error(response, StatusCode::BAD_REQUEST).await;
    app.token_for("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_400() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    app.reset_token_for("ann@example.com").await;

    for token in [
        "",
        "not-a-token",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "' OR 1=1 --",
    ] {
        let response = app.confirm_reset(token, NEW_PASSWORD).await;
        assert_error(response, StatusCode::BAD_REQUEST).await;
    }
}

#[tokio::test]
async fn a_weak_new_password_is_422_and_the_token_stays_usable() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    let token = app.reset_token_for("ann@example.com").await;

    for weak in ["short", &"x".repeat(73)] {
        let response = app.confirm_reset(&token, weak).await;
        assert_invalid_field(response, "new_password").await;
    }

    let response = app.confirm_reset(&token, NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn tokens_issued_before_a_reset_are_refused_after_it() {
    let app = TestApp::spawn().await;
    app.create_user("ann@example.com").await;
    let old = app.token_for("ann@example.com", PASSWORD).await;
    let reset = app.reset_token_for("ann@example.com").await;
    // Timestamps are whole seconds: a token issued in the same second as
    // the reset is not older than it.
    tokio::time::sleep(Duration::from_millis(1100)).await;

    app.confirm_reset(&reset, NEW_PASSWORD).await;

    assert_unauthorized(app.get_me(&old).await).await;
    let new = app.token_for("ann@example.com", NEW_PASSWORD).await;
    assert_eq!(app.get_me(&new).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn malformed_bodies_are_422_naming_the_field() {
    let app = TestApp::spawn().await;

    for (path, body, field) in [
        ("/auth/password-reset", json!({}), "email"),
        ("/auth/password-reset", json!({ "email": 1 }), "email"),
        ("/auth/password-reset", json!({ "email": "nope" }), "email"),
        (
            "/auth/password-reset/confirm",
            json!({ "new_password": NEW_PASSWORD }),
            "token",
        ),
        (
            "/auth/password-reset/confirm",
            json!({ "token": 5, "new_password": NEW_PASSWORD }),
            "token",
        ),
        (
            "/auth/password-reset/confirm",
            json!({ "token": "x" }),
            "new_password",
        ),
    ] {
        let response = app.post_json(path, &body).await;
        assert_invalid_field(response, field).await;
    }
}

#[tokio::test]
async fn the_reset_lifts_a_login_lockout() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 2).await;
    app.create_user("ann@example.com").await;
    for _ in 0..2 {
        app.login("ann@example.com", "wrong password").await;
    }
    assert_eq!(
        app.login("ann@example.com", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let token = app.reset_token_for("ann@example.com").await;

    app.confirm_reset(&token, NEW_PASSWORD).await;

    app.token_for("ann@example.com", NEW_PASSWORD).await;
}
