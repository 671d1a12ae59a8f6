//! A product, its id, and the body that creates one.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Identifies a product; assigned by the database, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ProductId(i64);

impl ProductId {
    /// Reads an id from a URL segment. `None` when it is not a number: such
    /// an id names no product, so callers answer 404.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok().map(Self)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for ProductId {
    fn from(id: i64) -> Self {
        Self(id)
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored product, exactly as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub description: String,
    pub price: f64,
}

/// Body of `POST /products`. Unknown fields, `id` included, are ignored.
///
/// Today only the JSON types are checked (by serde).
// TODO(q1): enforce the field rules, for create and for full update, and
// answer 422 with a message naming the field when one is broken:
// - `name`: required; trimmed length 1..=100 characters (Unicode characters,
//   not bytes);
// - `description`: optional, default ""; at most 1000 characters;
// - `price`: required number, 0 <= price <= 1000000, at most 2 decimal
//   places, returned exactly as sent (19.99 stays 19.99).
// Parsing into types that can only hold valid values (e.g. a `ProductName`)
// means code past this point never has to check again.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewProduct {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub price: f64,
}
