//! Types that can only hold valid values.
//!
//! Request data is parsed into these types at the edge of the service (the
//! routes), so everything past a handler's first lines can rely on the
//! rules of the contract without checking again.

mod email;
mod password;
mod requests;
mod reset_token;
mod user;

use std::fmt;

pub use email::Email;
pub use password::{Password, PasswordError};
pub use requests::{JsonObject, Login, Registration, ResetConfirmation, ResetRequest};
pub use reset_token::{ResetToken, ResetTokenDigest};
pub use user::{User, UserId};

/// One body field broke its rule.
///
/// The message names the field, so it can be shown as is:
/// "password must be at least 8 characters, got 5".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    field: &'static str,
    message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
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
