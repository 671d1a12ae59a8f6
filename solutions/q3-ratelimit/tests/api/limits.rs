//! The limit itself: per client, on every route under `/api/`, and what a
//! limited response says.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    Promise, TestApp, assert_error, assert_quota, header, number_header, send, unix_now,
};

#[tokio::test]
async fn the_11th_request_within_the_window_is_429() {
    let app = TestApp::spawn().await;
    let client = app.client_from(2);

    client.use_up(10).await;

    assert_eq!(client.burst(1).await, [StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn every_accepted_response_tells_the_limit_and_what_is_left() {
    let app = TestApp::spawn().await;
    let client = app.client_from(2);

    for remaining in (0..10).rev() {
        let response = client.list_notes().await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_quota(&response, 10, remaining);
    }
}

#[tokio::test]
async fn a_429_has_a_json_error_and_says_when_to_come_back() {
    let app = TestApp::spawn().await;
    let client = app.client_from(2);
    client.use_up(10).await;

    let response = client.list_notes().await;
    let now = unix_now().as_secs();

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_quota(&response, 10, 0);
    // The oldest request leaves the 60 s window in a little under 60 s;
    // both headers round up.
    let promise = Promise::of(&response);
    assert!(
        (59..=60).contains(&promise.retry_after),
        "Retry-After: {}",
        promise.retry_after
    );
    assert!(
        (now + 59..=now + 61).contains(&promise.reset),
        "X-RateLimit-Reset: {} is not about a minute after {now}",
        promise.reset
    );
    let body = assert_error(response, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(
        body,
        json!({ "error": format!(
            "too many requests: the limit is 10 requests per 60 s; retry in {} s",
            promise.retry_after
        ) })
    );
}

#[tokio::test]
async fn clients_have_budgets_of_their_own() {
    let app = TestApp::limited(3, 60).await;
    let first = app.client_from(2);
    let second = app.client_from(3);
    first.use_up(3).await;
    assert_eq!(first.burst(1).await, [StatusCode::TOO_MANY_REQUESTS]);

    let response = second.list_notes().await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_quota(&response, 3, 2);
}

#[tokio::test]
async fn forwarding_headers_neither_escape_the_limit_nor_frame_another_client() {
    let app = TestApp::limited(3, 60).await;
    let spoofer = app.client_from(2);

    for n in 1..=4 {
        let response = send(
            spoofer
                .request(Method::GET, "/api/notes")
                .header("x-forwarded-for", format!("10.0.0.{n}"))
                .header("forwarded", format!("for=10.0.1.{n}"))
                .header("x-real-ip", format!("10.0.2.{n}")),
        )
        .await;
        let expected = if n <= 3 {
            StatusCode::OK
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(response.status(), expected, "request {n}");
    }

    let bystander = app.client_from(3);
    let response = send(
        bystander
            .request(Method::GET, "/api/notes")
            .header("x-forwarded-for", "127.0.0.2"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_route_and_method_under_api_counts_404s_included() {
    let app = TestApp::limited(6, 60).await;
    let client = app.client_from(2);
    let note = client.create_note(&json!({ "text": "limited too" })).await;

    let answers = [
        (client.get_note(&note["id"]).await, StatusCode::OK),
        (client.get_note(987_654).await, StatusCode::NOT_FOUND),
        (
            client.get("/api/no-such-route").await,
            StatusCode::NOT_FOUND,
        ),
        (
            client.post_note(&json!({ "text": "" })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            send(client.request(Method::DELETE, "/api/notes")).await,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];

    // The create used one request; each answer above used one more.
    for (used, (response, status)) in (2..).zip(answers) {
        assert_eq!(response.status(), status);
        assert_quota(&response, 6, 6 - used);
    }
    let response = client.get("/api/no-such-route").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&response, "x-ratelimit-remaining"), "0");
    assert!(number_header(&response, "retry-after") >= 1);
}

#[tokio::test]
async fn a_429_answers_without_running_the_handler() {
    let app = TestApp::limited(1, 60).await;
    let client = app.client_from(2);
    client.create_note(&json!({ "text": "the only one" })).await;

    let response = client.post_note(&json!({ "text": "one too many" })).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);

    let notes = crate::helpers::json_body(app.client_from(3).list_notes().await).await;
    assert_eq!(notes["items"].as_array().map(Vec::len), Some(1), "{notes}");
}
