//! The Q1 checks, one module per area of the contract. Each check is an
//! `async fn(Ctx) -> Outcome`; `suite.rs` gives them ids, points and order.

pub mod create;
pub mod delete;
pub mod errors;
pub mod filter;
pub mod methods;
pub mod pagination;
pub mod patch;
pub mod read;
pub mod robustness;
pub mod update;
pub mod validation;
