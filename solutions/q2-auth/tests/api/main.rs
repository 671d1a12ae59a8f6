//! HTTP tests. Each test spawns the real service on a free port with its own
//! temporary database and outbox, and talks to it the way any client would.
//! `process.rs` runs the compiled binary itself, for what only a process
//! shows: its exit status and everything it prints.
//!
//! One file per area; shared setup and request helpers live in `helpers.rs`.

mod errors;
mod health;
mod helpers;
mod login;
mod password_reset;
mod process;
mod register;
mod storage;
mod throttling;
mod tokens;
mod users;
