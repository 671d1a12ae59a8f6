//! Note types that can only hold valid values.
//!
//! Request data is parsed into these types at the edge of the service (the
//! routes), so the storage never has to check again.

mod note;

use std::fmt;

pub use note::{JsonObject, NewNote, Note, NoteId, NoteText};

/// One body field broke its rule. The message names the field, so it can be
/// shown as is: "text must not be empty".
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

    /// The body field at fault, e.g. `"text"`.
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
