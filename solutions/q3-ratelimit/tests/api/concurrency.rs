//! High traffic: simultaneous requests of one client, many clients at once.

use reqwest::StatusCode;

use crate::helpers::{TestApp, count};

#[tokio::test]
async fn of_50_simultaneous_requests_from_a_fresh_client_exactly_the_limit_pass() {
    let app = TestApp::spawn().await;

    // Several rounds: a racy check-then-record only sometimes lets extra
    // requests through.
    for last in 2..5 {
        let statuses = app.client_from(last).all_at_once(50).await;

        assert_eq!(count(&statuses, StatusCode::OK), 10, "{statuses:?}");
        assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 40);
    }
}

#[tokio::test]
async fn many_clients_sending_at_once_each_get_exactly_their_budget() {
    let app = TestApp::limited(5, 60).await;
    let clients: Vec<_> = (2..=41).map(|last| app.client_from(last)).collect();

    let results =
        futures_util::future::join_all(clients.iter().map(|client| client.burst(7))).await;

    for (client, statuses) in (2..).zip(results) {
        assert_eq!(
            count(&statuses, StatusCode::OK),
            5,
            "127.0.0.{client}: {statuses:?}"
        );
    }
}
