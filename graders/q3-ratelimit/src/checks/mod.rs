//! The Q3 checks, one module per area of the contract; `suite.rs` gives them
//! ids, points and order.

pub mod api;
pub mod config;
pub mod headers;
pub mod limit;
pub mod load;
pub mod redis;
pub mod window;
