use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tokio::task::JoinSet;

use crate::helpers::{PASSWORD, TestApp};

#[tokio::test]
async fn health_answers_200_without_a_token() {
    let app = TestApp::spawn().await;

    let response = app.get_health().await;

    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_promptly_while_logins_are_hashing() {
    // Cost 10: about a quarter of a second per hash in a debug build.
    let app = TestApp::spawn_with(|settings| settings.bcrypt_cost = 10).await;
    app.create_user("ann@example.com").await;

    let started = Instant::now();
    let mut logins = JoinSet::new();
    for _ in 0..8 {
        let request = app
            .client
            .post(app.url("/auth/login"))
            .json(&json!({ "email": "ann@example.com", "password": PASSWORD }));
        logins.spawn(async move { request.send().await.map(|r| r.status()) });
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let health_started = Instant::now();
    let health = app.get_health().await;
    let health_took = health_started.elapsed();
    while let Some(status) = logins.join_next().await {
        assert_eq!(status.unwrap().unwrap(), StatusCode::OK);
    }
    let logins_took = started.elapsed();

    assert_eq!(health.status(), StatusCode::OK);
    assert!(
        health_took < Duration::from_millis(300) && health_took * 3 < logins_took,
        "/health took {health_took:?} while 8 logins took {logins_took:?}"
    );
}
