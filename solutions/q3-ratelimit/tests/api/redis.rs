//! The Redis store, against a real `redis-server` started for each test
//! (see `redis_server.rs`).

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::{
    helpers::{Promise, TestApp, assert_no_quota, assert_quota, count},
    redis_server::RedisServer,
    tools::require_redis_server,
};

#[tokio::test]
async fn two_instances_sharing_one_redis_share_one_budget() {
    if !require_redis_server("two_instances_sharing_one_redis_share_one_budget") {
        return;
    }
    let redis = RedisServer::start();
    let first = TestApp::with_redis(5, 60, &redis.url()).await;
    let second = TestApp::with_redis(5, 60, &redis.url()).await;
    let to_first = first.client_from(2);
    let to_second = to_first.to(&second);

    for (client, remaining) in [
        (&to_first, 4),
        (&to_second, 3),
        (&to_first, 2),
        (&to_second, 1),
        (&to_second, 0),
    ] {
        let response = client.list_notes().await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_quota(&response, 5, remaining);
    }

    for client in [&to_first, &to_second] {
        let response = client.list_notes().await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_quota(&response, 5, 0);
    }
    // Another client is not affected.
    assert_eq!(second.client_from(3).burst(1).await, [StatusCode::OK]);
}

#[tokio::test]
async fn the_limit_holds_for_simultaneous_requests_across_instances() {
    if !require_redis_server("the_limit_holds_for_simultaneous_requests_across_instances") {
        return;
    }
    let redis = RedisServer::start();
    let first = TestApp::with_redis(10, 60, &redis.url()).await;
    let second = TestApp::with_redis(10, 60, &redis.url()).await;
    let to_first = first.client_from(2);
    let to_second = to_first.to(&second);

    let (a, b) = tokio::join!(to_first.all_at_once(25), to_second.all_at_once(25));

    let passed = count(&a, StatusCode::OK) + count(&b, StatusCode::OK);
    assert_eq!(passed, 10, "first: {a:?}, second: {b:?}");
}

#[tokio::test]
async fn a_429_from_redis_keeps_its_promise() {
    if !require_redis_server("a_429_from_redis_keeps_its_promise") {
        return;
    }
    let redis = RedisServer::start();
    let app = TestApp::with_redis(2, 2, &redis.url()).await;
    let client = app.client_from(2);
    client.use_up(2).await;

    let refused = client.list_notes().await;
    let promise = Promise::of(&refused);
    assert_quota(&refused, 2, 0);
    assert!((1..=2).contains(&promise.retry_after), "{promise:?}");

    tokio::time::sleep_until(promise.kept_at().into()).await;
    assert_eq!(client.burst(1).await, [StatusCode::OK]);
}

#[tokio::test]
async fn rejected_requests_are_not_recorded_in_redis() {
    if !require_redis_server("rejected_requests_are_not_recorded_in_redis") {
        return;
    }
    let redis = RedisServer::start();
    let app = TestApp::with_redis(3, 60, &redis.url()).await;
    let client = app.client_from(2);
    client.use_up(3).await;

    assert_eq!(client.burst(5).await, [StatusCode::TOO_MANY_REQUESTS; 5]);

    let members: usize = redis::cmd("ZCARD")
        .arg("ratelimit:127.0.0.2")
        .query(&mut redis.connection())
        .unwrap();
    assert_eq!(members, 3);
}

#[tokio::test]
async fn a_clients_key_expires_a_window_after_its_last_request() {
    if !require_redis_server("a_clients_key_expires_a_window_after_its_last_request") {
        return;
    }
    let redis = RedisServer::start();
    let app = TestApp::with_redis(5, 1, &redis.url()).await;
    let mut connection = redis.connection();

    app.client_from(2).use_up(2).await;

    let ttl_ms: i64 = redis::cmd("PTTL")
        .arg("ratelimit:127.0.0.2")
        .query(&mut connection)
        .unwrap();
    assert!((1..=1_000).contains(&ttl_ms), "PTTL {ttl_ms} ms");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let exists: bool = redis::cmd("EXISTS")
        .arg("ratelimit:127.0.0.2")
        .query(&mut connection)
        .unwrap();
    assert!(!exists, "the key outlived its window");
}

/// Fail open: with Redis gone, requests are served (without limiting, and
/// without rate-limit headers) within the call timeout; limiting resumes
/// once Redis is back.
#[tokio::test]
async fn when_redis_goes_down_requests_are_served_unlimited_then_limited_again() {
    if !require_redis_server(
        "when_redis_goes_down_requests_are_served_unlimited_then_limited_again",
    ) {
        return;
    }
    let mut redis = RedisServer::start();
    let app = TestApp::with_redis(2, 60, &redis.url()).await;
    let client = app.client_from(2);
    client.use_up(2).await;

    redis.kill();
    for _ in 0..3 {
        let started = Instant::now();
        let response = client.list_notes().await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_no_quota(&response);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a request waited {:?} for the dead Redis",
            started.elapsed()
        );
    }

    // A fresh server: the old budget is gone with the old data.
    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let response = client.list_notes().await;
        if response.headers().contains_key("x-ratelimit-limit") {
            break;
        }
        assert!(Instant::now() < deadline, "limiting never resumed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    client.use_up(1).await;
    assert_eq!(client.burst(1).await, [StatusCode::TOO_MANY_REQUESTS]);
}
