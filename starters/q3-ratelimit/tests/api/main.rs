//! HTTP tests. Each test spawns the real service on a free port and talks to
//! it the way any client would.
//!
//! One file per area; shared setup and request helpers live in `helpers.rs`.
//! To add a test: spawn a `TestApp`, call a helper (or add one next to the
//! others), and assert on the status first, then on the headers and body.
//! `TestApp::client_from` sends from another loopback address (127.0.0.x),
//! i.e. as another client.

mod health;
mod helpers;
mod notes;
