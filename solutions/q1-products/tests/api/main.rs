//! HTTP tests. Each test spawns the real service on a free port with its own
//! temporary database, and talks to it the way any client would.
//!
//! One file per area; shared setup and request helpers live in `helpers.rs`.

mod create;
mod delete;
mod errors;
mod health;
mod helpers;
mod list;
mod patch;
mod read;
mod replace;
mod storage;
