//! HTTP tests. Each test spawns the real service on a free port with its own
//! temporary database and outbox, and talks to it the way any client would.
//!
//! One file per area; shared setup and request helpers live in `helpers.rs`.
//! To add a test: spawn a `TestApp`, call a helper (or add one next to the
//! others), and assert on the status first, then on the body.

mod errors;
mod health;
mod helpers;
mod register;
mod users;
