//! Automatic code signals of a Rust submission, as a report keeps them:
//! formatting, clippy warnings, the candidate's own tests, `unwrap()` /
//! `expect()` outside tests, `unsafe`. Shown to the interviewer, never
//! scored. Measuring them is the harness's business
//! (`kit_harness::code_signals::measure`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSignals {
    /// `cargo fmt --check` passes; `None` when it could not run.
    pub formatted: Option<bool>,
    /// Warnings `cargo clippy` reports for the crate's own code.
    pub clippy_warnings: Option<u32>,
    /// The candidate's tests (`cargo test`), when they could be run.
    pub tests: Option<TestCounts>,
    /// `.unwrap()` / `.expect(` in non-test code under `src/`.
    pub unwraps: SourceHits,
    /// `unsafe` blocks, functions or impls under `src/`.
    pub unsafe_code: SourceHits,
    /// What could not be measured, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestCounts {
    pub passed: u32,
    pub failed: u32,
    pub ignored: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHits {
    pub count: u32,
    /// `src/routes.rs:42: let id = path.parse().unwrap();`, the first few.
    pub examples: Vec<String>,
}
