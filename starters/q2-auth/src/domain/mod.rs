//! The user types and the request bodies the routes and the storage agree on.

mod requests;
mod user;

use std::fmt;

pub use requests::{JsonObject, NewUser};
pub use user::{User, UserId};

/// One body field broke its rule.
///
/// The message names the field, so it can be shown as is: "email is
/// required". `ApiError::InvalidField` turns it into a 422 with
/// `{"error": "<message>", "field": "<field>"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    field: &'static str,
    message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    /// The body field at fault, e.g. `"email"`.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}
