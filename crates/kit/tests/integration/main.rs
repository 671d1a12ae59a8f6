//! The `kit` crate's integration tests, in one test binary (one link, and
//! `cargo test` does not stop between files): a module per area. Shared
//! helpers are in `common`; fixtures are in `crates/kit/tests/fixtures/`,
//! the crates graded by `signals` in `crates/kit/tests/targets/`.
//!
//! Tests that need a tool outside Rust (bubblewrap, a browser) start with
//! `kit_harness::testing::require`: without the tool they print one line
//! saying they skipped, or fail when `KIT_REQUIRE_TOOLS=1` (set by
//! `.ci/run`) forbids skips.

mod abandoned;
mod batch;
mod cli;
mod common;
mod docs;
mod flakiness;
mod package;
mod png;
mod projects;
mod questions;
mod reports;
mod review;
mod sandbox;
mod scale;
mod signals;
