use std::time::Duration;

use reqwest::{StatusCode, header::RETRY_AFTER};

use crate::helpers::{PASSWORD, TestApp, assert_error, assert_unauthorized};

async fn fail_logins(app: &TestApp, email: &str, times: u32) {
    for _ in 0..times {
        assert_unauthorized(app.login(email, "wrong password").await).await;
    }
}

#[tokio::test]
async fn after_max_failures_even_the_right_password_is_429_with_retry_after() {
    let app = TestApp::spawn_with(|settings| {
        settings.login_max_failures = 3;
        settings.login_lockout_secs = 900;
    })
    .await;
    app.create_user("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 3).await;

    let response = app.login("ann@example.com", PASSWORD).await;

    let retry_after: u64 = response.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((899..=900).contains(&retry_after), "{retry_after}");
    let body = assert_error(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("too many failed logins"),
        "{body}"
    );
}

#[tokio::test]
async fn failures_below_the_limit_do_not_lock() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 3).await;
    app.create_user("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 2).await;

    app.token_for("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_successful_login_resets_the_count() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 3).await;
    app.create_user("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 2).await;
    app.token_for("ann@example.com", PASSWORD).await;

    fail_logins(&app, "ann@example.com", 2).await;

    app.token_for("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn unknown_emails_are_locked_the_same_way() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 2).await;
    fail_logins(&app, "nobody@example.com", 2).await;

    let response = app.login("nobody@example.com", "any password").await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_lockout_is_per_email_in_canonical_form() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 2).await;
    app.create_user("ann@example.com").await;
    app.create_user("bob@example.com").await;
    fail_logins(&app, "Ann@Example.com", 1).await;
    fail_logins(&app, " ann@example.com", 1).await;

    let ann = app.login("ann@example.com", PASSWORD).await;

    assert_eq!(ann.status(), StatusCode::TOO_MANY_REQUESTS);
    app.token_for("bob@example.com", PASSWORD).await;
}

#[tokio::test]
async fn the_lockout_ends_after_login_lockout_secs() {
    let app = TestApp::spawn_with(|settings| {
        settings.login_max_failures = 2;
        settings.login_lockout_secs = 2;
    })
    .await;
    app.create_user("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 2).await;
    assert_eq!(
        app.login("ann@example.com", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    tokio::time::sleep(Duration::from_millis(3100)).await;

    app.token_for("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_lockout_survives_a_restart() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 2).await;
    app.create_user("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 2).await;

    let app = app.restart().await;

    let response = app.login("ann@example.com", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn throttling_never_touches_other_routes() {
    let app = TestApp::spawn_with(|settings| settings.login_max_failures = 1).await;
    let (_, token) = app.signed_in("ann@example.com").await;
    fail_logins(&app, "ann@example.com", 1).await;

    assert_eq!(app.get_health().await.status(), StatusCode::OK);
    assert_eq!(app.get_me(&token).await.status(), StatusCode::OK);
}
