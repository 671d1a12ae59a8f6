//! An account as the API shows it, and its id.

use std::fmt;

use serde::Serialize;

/// Identifies an account; assigned by the database, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UserId(i64);

impl UserId {
    /// Reads an id from a URL segment. `None` when it is not a number.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse().ok().map(Self)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for UserId {
    fn from(id: i64) -> Self {
        Self(id)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An account, exactly as the API returns it: never its password or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
}
