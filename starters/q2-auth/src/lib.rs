//! Q2 user service: registration and accounts over SQLite, where login,
//! tokens and most of the security are still to be written.
//!
//! Where things live:
//! - [`startup`]: builds the server and holds the whole route table;
//! - [`routes`]: one file per concern, each handler a thin translation
//!   between HTTP and the [`storage`] functions;
//! - [`domain`]: the user types and the request bodies, parsed from JSON;
//! - [`error`]: the one error type handlers return, and how it becomes
//!   an HTTP response;
//! - [`settings`] and [`telemetry`]: configuration and logging.

pub mod domain;
pub mod error;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod storage;
pub mod telemetry;
