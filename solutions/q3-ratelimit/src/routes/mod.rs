//! HTTP handlers, one file per concern. The route table is in `startup.rs`.

pub mod fallback;
pub mod health;
pub mod notes;
