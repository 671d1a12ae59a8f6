//! Q1 products service: a JSON CRUD API over SQLite.
//!
//! Where things live:
//! - [`startup`]: builds the server and holds the whole route table;
//! - [`routes`]: one file per concern, each handler a thin translation
//!   between HTTP and the [`storage`] functions;
//! - [`domain`]: product types that can only hold valid values; request
//!   data is parsed into them before anything else happens;
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
