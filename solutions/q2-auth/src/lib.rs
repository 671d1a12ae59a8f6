//! Q2 authentication service: registration, login with JWT access tokens,
//! protected routes, password reset by email and login throttling, over
//! SQLite.
//!
//! Where things live:
//! - [`startup`]: builds the server and holds the whole route table;
//! - [`routes`]: one file per concern, each handler a thin translation
//!   between HTTP and the rest;
//! - [`domain`]: types that can only hold valid values (an [`domain::Email`]
//!   is canonical, a [`domain::Password`] fits bcrypt); request data is
//!   parsed into them before anything else happens;
//! - [`auth`]: password hashing, access tokens, the extractor guarding
//!   protected routes, throttling rules;
//! - [`storage`] and [`mail`]: the database and the outbox folder;
//! - [`error`]: the one error type handlers return, and how it becomes an
//!   HTTP response;
//! - [`settings`], [`telemetry`] and [`clock`]: configuration, logging and
//!   time.

pub mod auth;
pub mod clock;
pub mod domain;
pub mod error;
pub mod mail;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod storage;
pub mod telemetry;
