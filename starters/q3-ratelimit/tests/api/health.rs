use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_answers_200() {
    let app = TestApp::spawn().await;

    let response = app.client.get_health().await;

    assert_eq!(response.status(), StatusCode::OK);
}
