//! The Q2 checks, one module per area of the contract; `suite.rs` gives them
//! ids, points and order.

pub mod auth;
pub mod login;
pub mod logs;
pub mod register;
pub mod reset;
pub mod startup;
pub mod storage;
pub mod throttling;
pub mod tokens;
