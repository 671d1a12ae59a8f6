//! HTTP handlers, one file per concern. The route table is in `startup.rs`.
//!
//! Handlers only translate between HTTP and the rest: the rules live in
//! `domain`, the queries in `storage`, hashing and tokens in `auth`, the
//! status codes in `error`.

pub mod fallback;
pub mod health;
pub mod login;
pub mod password_reset;
pub mod register;
pub mod users;
