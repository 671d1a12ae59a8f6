use reqwest::StatusCode;

use crate::helpers::{TestApp, assert_no_quota};

#[tokio::test]
async fn health_answers_200() {
    let app = TestApp::spawn().await;

    let response = app.client.get_health().await;

    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn health_is_never_limited_and_does_not_use_the_budget() {
    let app = TestApp::limited(2, 60).await;
    let client = app.client_from(2);

    for _ in 0..20 {
        let response = client.get_health().await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_quota(&response);
    }

    client.use_up(2).await;
    assert_eq!(client.burst(1).await, [StatusCode::TOO_MANY_REQUESTS]);
    assert_eq!(client.get_health().await.status(), StatusCode::OK);
}
