//! `description`: optional, at most 1000 Unicode characters, kept as sent.

use serde::Serialize;

use super::FieldError;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Description(String);

impl Description {
    pub const MAX_CHARS: usize = 1000;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let chars = raw.chars().count();
        if chars <= Self::MAX_CHARS {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new(
                "description",
                format!(
                    "description must be at most {} characters, got {chars}",
                    Self::MAX_CHARS
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_valid_and_is_the_default() {
        assert_eq!(Description::parse("").unwrap(), Description::default());
    }

    #[test]
    fn a_thousand_characters_is_the_limit() {
        assert!(Description::parse(&"ü".repeat(1000)).is_ok());
        let err = Description::parse(&"ü".repeat(1001)).unwrap_err();
        assert_eq!(err.field(), "description");
        assert_eq!(
            err.to_string(),
            "description must be at most 1000 characters, got 1001"
        );
    }

    #[test]
    fn whitespace_is_kept() {
        assert_eq!(Description::parse("  a  ").unwrap().as_str(), "  a  ");
    }
}
