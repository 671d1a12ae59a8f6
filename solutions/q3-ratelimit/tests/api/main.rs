//! HTTP tests. Each test spawns the real service on a free port and talks to
//! it the way any client would; `TestApp::client_from(n)` connects from
//! 127.0.0.n, i.e. as another client.
//!
//! One file per area; shared setup and request helpers live in `helpers.rs`,
//! the throw-away Redis server of the Redis tests in `redis_server.rs`, and
//! in `tools.rs` the rule for a test whose tool is missing (it skips saying
//! so, or fails under `KIT_REQUIRE_TOOLS=1` or `CI`).
//! Timing tests use windows of a few seconds and wait for the moments the
//! service promised, never for guessed durations.

mod concurrency;
mod health;
mod helpers;
mod limits;
mod notes;
mod redis;
mod redis_server;
mod startup;
mod tools;
mod window;
