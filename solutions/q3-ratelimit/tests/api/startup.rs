//! Starting with a Redis that cannot be used: a clear error, quickly.

use std::{
    net::TcpListener,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::helpers::{TestApp, redis_settings};

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("no free port")
        .port()
}

#[tokio::test]
async fn an_unreachable_redis_is_a_startup_error_naming_redis_url() {
    let url = format!("redis://127.0.0.1:{}/", closed_port());
    let started = Instant::now();

    let Err(err) = TestApp::try_spawn(redis_settings(10, 60, &url)).await else {
        panic!("the service started without its Redis");
    };

    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(
        err.to_string(),
        format!("cannot connect to Redis at REDIS_URL={url}")
    );
}

/// A Redis that accepts connections but never answers (a hung server, a
/// firewall black hole) must not hang the startup either.
#[tokio::test]
async fn a_redis_that_never_answers_is_a_startup_error_not_a_hang() {
    // The kernel accepts connections into the backlog; nobody reads them.
    let silent = TcpListener::bind("127.0.0.1:0").expect("no free port");
    let url = format!("redis://{}/", silent.local_addr().unwrap());
    let started = Instant::now();

    let result = TestApp::try_spawn(redis_settings(10, 60, &url)).await;

    assert!(result.is_err(), "the service started without its Redis");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "startup took {:?}",
        started.elapsed()
    );
}

/// The binary itself: non-zero exit and one line on stderr naming the
/// variable, with the password masked.
#[test]
fn the_binary_exits_with_one_line_naming_redis_url() {
    let port = closed_port();
    let started = Instant::now();

    let output = Command::new(env!("CARGO_BIN_EXE_q3-ratelimit-solution"))
        .env_clear()
        .env("PORT", "0")
        .env("REDIS_URL", format!("redis://:hunter2@127.0.0.1:{port}/"))
        .stdin(Stdio::null())
        .output()
        .expect("cannot run the service");

    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&format!(
            "q3-ratelimit-solution: cannot connect to Redis at REDIS_URL=redis://:***@127.0.0.1:{port}/: "
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
}
