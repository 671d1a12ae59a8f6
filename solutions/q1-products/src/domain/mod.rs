//! Product types that can only hold valid values.
//!
//! Request data is parsed into these types at the edge of the service (the
//! routes), so the storage and everything past a handler's first lines can
//! rely on the rules of the contract without checking again.

mod description;
mod list_query;
mod price;
mod product;
mod product_input;
mod product_name;

use std::fmt;

pub use description::Description;
pub use list_query::{ListQuery, NameFilter, Page, PerPage};
pub use price::Price;
pub use product::{Product, ProductId};
pub use product_input::{JsonObject, NewProduct, ProductPatch};
pub use product_name::ProductName;

/// One input value (a body field or a query parameter) broke its rule.
///
/// The message names the input, so it can be shown as is:
/// "name must be 1 to 100 characters, got 0".
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

    /// The body field or query parameter at fault, e.g. `"price"`.
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
