//! Q3 notes service: a small JSON API in memory, behind a rate limiter that
//! lets each client make at most N requests in any rolling window.
//!
//! Where things live:
//! - [`startup`]: builds the server and holds the whole route table, with
//!   the [`rate_limit`] middleware around `/api`;
//! - [`rate_limit`]: the limiter, a reusable middleware over a store (in
//!   memory, or Redis shared by several instances);
//! - [`routes`]: one file per concern, each handler a thin translation
//!   between HTTP and the [`storage`];
//! - [`domain`]: note types that can only hold valid values;
//! - [`error`]: the one error type handlers (and the limiter) return, and
//!   how it becomes an HTTP response;
//! - [`settings`] and [`telemetry`]: configuration and logging.

pub mod domain;
pub mod error;
pub mod rate_limit;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod storage;
pub mod telemetry;
