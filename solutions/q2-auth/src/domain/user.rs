//! An account as the API shows it, and its id.

use std::fmt;

use serde::Serialize;

use super::Email;

/// Identifies an account; assigned by the database, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct UserId(i64);

impl UserId {
    /// Reads an id from a URL segment or a token's `sub` claim. `None` when
    /// it is not a whole number in canonical form (`"007"` and `"+7"` are
    /// not the id `7`): such a string names no account.
    pub fn parse(raw: &str) -> Option<Self> {
        let id: i64 = raw.parse().ok()?;
        (id.to_string() == raw).then_some(Self(id))
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

/// An account, exactly as the API returns it: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_canonical_whole_numbers() {
        assert_eq!(UserId::parse("7"), Some(UserId(7)));
        assert_eq!(UserId::parse("-3"), Some(UserId(-3)));
        for raw in [
            "",
            "me",
            "7a",
            "1.0",
            "007",
            "+7",
            " 7",
            "99999999999999999999",
        ] {
            assert_eq!(UserId::parse(raw), None, "`{raw}`");
        }
    }
}
