use reqwest::StatusCode;

use crate::helpers::{TestApp, json_body};

// TODO(q2): once `/users/{id}` requires an access token, log in first and
// send `Authorization: Bearer <token>` here, and add the 401 and 403 cases.
#[tokio::test]
async fn a_registered_user_can_be_read_back_by_its_id() {
    let app = TestApp::spawn().await;
    let user = app.create_user("ann@example.com").await;

    let response = app.get_user(&user["id"]).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await, user);
}
