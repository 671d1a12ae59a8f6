//! `email`: trimmed, lower-cased, shaped like `local@domain.tld`.

use std::fmt;

use serde::Serialize;

use super::FieldError;

/// An email address in its canonical form: the form stored, compared and
/// used as the key of an account. `Ann@Example.com ` and `ann@example.com`
/// parse to the same `Email`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// RFC 5321's limit on a whole address (it counts octets; the contract
    /// counts characters, and so do we).
    pub const MAX_CHARS: usize = 254;
    /// RFC 5321's limit on the part before the `@`.
    pub const MAX_LOCAL_CHARS: usize = 64;

    /// Trims surrounding whitespace, lower-cases (Unicode-aware), then checks
    /// the shape: exactly one `@`; a non-empty local part of at most 64
    /// characters; a domain made of non-empty labels separated by dots, at
    /// least two of them (so a dot, never at either end); no whitespace or
    /// control character anywhere (an address ends up in an email header,
    /// where a line break would let a caller add headers of their own).
    ///
    /// Deliberately not a full RFC 5322 parser: quoted local parts and
    /// address literals are rejected, which no real sign-up form misses.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        let invalid = |why: &str| {
            Err(FieldError::new(
                "email",
                format!("email must look like name@example.com: {why}"),
            ))
        };

        let chars = email.chars().count();
        if chars == 0 {
            return invalid("it is empty");
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new(
                "email",
                format!(
                    "email must be at most {} characters, got {chars}",
                    Self::MAX_CHARS
                ),
            ));
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid("it contains whitespace or a control character");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return invalid("it has no `@`");
        };
        if domain.contains('@') {
            return invalid("it has more than one `@`");
        }
        if local.is_empty() {
            return invalid("nothing before the `@`");
        }
        if local.chars().count() > Self::MAX_LOCAL_CHARS {
            return invalid("more than 64 characters before the `@`");
        }
        if domain.is_empty() {
            return invalid("nothing after the `@`");
        }
        if !domain.contains('.') {
            return invalid("the domain has no dot");
        }
        if domain.split('.').any(str::is_empty) {
            return invalid("the domain starts or ends with a dot, or has two in a row");
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> String {
        match Email::parse(raw) {
            Ok(email) => email.as_str().to_owned(),
            Err(err) => panic!("`{raw}` was rejected: {err}"),
        }
    }

    fn rejected(raw: &str) -> String {
        match Email::parse(raw) {
            Ok(email) => panic!("`{raw}` was accepted as `{email}`"),
            Err(err) => {
                assert_eq!(err.field(), "email");
                err.to_string()
            }
        }
    }

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(parsed("Ann@Example.com "), "ann@example.com");
        assert_eq!(parsed("\t ann@example.com\n"), "ann@example.com");
        assert_eq!(parsed("ÉLODIE@Exemple.FR"), "élodie@exemple.fr");
    }

    #[test]
    fn ordinary_addresses_are_accepted() {
        for raw in [
            "a@b.co",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "x_y-z@my-domain.example",
        ] {
            parsed(raw);
        }
    }

    #[test]
    fn the_shape_is_checked_with_a_reason() {
        for (raw, reason) in [
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("ann.example.com", "it has no `@`"),
            ("ann@@example.com", "it has more than one `@`"),
            ("ann@example@com", "it has more than one `@`"),
            ("@example.com", "nothing before the `@`"),
            ("ann@", "nothing after the `@`"),
            ("ann@localhost", "the domain has no dot"),
            ("ann@.example.com", "the domain starts or ends"),
            ("ann@example.com.", "the domain starts or ends"),
            ("ann@example..com", "two in a row"),
            ("ann smith@example.com", "whitespace"),
            ("ann@example.com\r\nBcc: eve@evil.example", "whitespace"),
            ("ann\u{0}@example.com", "control character"),
        ] {
            let message = rejected(raw);
            assert!(message.starts_with("email must look like"), "{message}");
            assert!(message.contains(reason), "`{raw}`: {message}");
        }
    }

    #[test]
    fn the_whole_address_is_at_most_254_characters() {
        let local = "l".repeat(64);
        let domain = |len: usize| format!("{}.com", "d".repeat(len - 4));
        // 64 + 1 + 189 = 254
        parsed(&format!("{local}@{}", domain(189)));
        let message = rejected(&format!("{local}@{}", domain(190)));
        assert_eq!(message, "email must be at most 254 characters, got 255");
    }

    #[test]
    fn the_local_part_is_at_most_64_characters() {
        parsed(&format!("{}@example.com", "l".repeat(64)));
        let message = rejected(&format!("{}@example.com", "l".repeat(65)));
        assert!(message.contains("more than 64 characters"), "{message}");
    }

    #[test]
    fn length_is_counted_after_trimming() {
        let address = format!("{}@{}.com", "l".repeat(64), "d".repeat(185));
        parsed(&format!("   {address}   "));
    }
}
