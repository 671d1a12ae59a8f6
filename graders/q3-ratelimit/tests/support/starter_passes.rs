//! The checks every starter of q3-ratelimit passes, in any language: what it
//! already does. Shared by `reference.rs` (Rust) and `languages.rs`.

/// The starter's limiter lets everything through; the notes API works.
pub const STARTER_PASSES: &[&str] = &["q3.api.still_works"];
