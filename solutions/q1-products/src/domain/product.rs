//! A stored product and its id.

use std::fmt;

use serde::Serialize;

use super::{Description, Price, ProductName};

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
    pub name: ProductName,
    pub description: Description,
    pub price: Price,
}
