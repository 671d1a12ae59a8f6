//! `name`: trimmed, 1 to 100 Unicode characters.

use serde::Serialize;

use super::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductName(String);

impl ProductName {
    pub const MAX_CHARS: usize = 100;

    /// Trims surrounding whitespace, then checks the length in characters
    /// (Unicode scalar values), not bytes: "é" counts once.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        let chars = name.chars().count();
        if (1..=Self::MAX_CHARS).contains(&chars) {
            Ok(Self(name.to_owned()))
        } else {
            Err(FieldError::new(
                "name",
                format!(
                    "name must be 1 to {} characters (after trimming whitespace), got {chars}",
                    Self::MAX_CHARS
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name in lowercase, the form the name filter compares against.
    pub fn folded(&self) -> String {
        fold_case(&self.0)
    }
}

/// Lowercases character by character, Unicode-aware ("ÉCLAIR" -> "éclair").
///
/// Per character, unlike `str::to_lowercase`, so that a word-final "Σ"
/// becomes "σ" both in a name and in a search term and the two still match.
/// Not full Unicode case folding ("ß" does not match "SS"); good enough for
/// a product search.
pub(super) fn fold_case(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrounding_whitespace_is_trimmed_and_not_counted() {
        let name = ProductName::parse("  Desk lamp \n").unwrap();
        assert_eq!(name.as_str(), "Desk lamp");
    }

    #[test]
    fn empty_and_blank_names_are_rejected() {
        for raw in ["", "   ", "\t\n"] {
            let err = ProductName::parse(raw).unwrap_err();
            assert_eq!(err.field(), "name");
            assert_eq!(
                err.to_string(),
                "name must be 1 to 100 characters (after trimming whitespace), got 0"
            );
        }
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let hundred_accented = "é".repeat(100); // 200 bytes
        assert!(ProductName::parse(&hundred_accented).is_ok());
        assert!(ProductName::parse(&"é".repeat(101)).is_err());
    }

    #[test]
    fn one_and_a_hundred_characters_are_the_bounds() {
        assert!(ProductName::parse("x").is_ok());
        assert!(ProductName::parse(&"x".repeat(100)).is_ok());
        let err = ProductName::parse(&"x".repeat(101)).unwrap_err();
        assert!(err.to_string().ends_with("got 101"), "{err}");
    }

    #[test]
    fn folding_lowercases_beyond_ascii() {
        let name = ProductName::parse("ÉCLAIR Σ ΟΔΟΣ").unwrap();
        assert_eq!(name.folded(), "éclair σ οδοσ");
    }
}
