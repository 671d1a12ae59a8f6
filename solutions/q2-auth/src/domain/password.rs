//! A password that bcrypt can hash without losing any of it.

use std::fmt;

use super::FieldError;

/// A plaintext password that follows the rules: at least 8 characters, at
/// most 72 bytes, no NUL character.
///
/// - **72 bytes** is bcrypt's limit: it ignores everything past byte 72, so
///   a longer password would be silently truncated and a login with the
///   same first 72 bytes and any tail would succeed. A longer password is
///   refused instead (422), and the message says why. The limit is on bytes
///   of UTF-8, so 18 four-byte emoji are the most there is room for.
/// - **NUL** is refused because bcrypt terminates the key with one: a
///   71-byte password and the same one followed by NUL would hash the same.
///
/// Never printed: `Debug` shows `Password(<redacted>)`, and there is no
/// `Display` or `Serialize`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

/// Which rule a password broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort { chars: usize },
    TooLong { bytes: usize },
    ContainsNul,
}

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_BYTES: usize = 72;

    /// Checks the rules on the password exactly as sent: no trimming, every
    /// character counts.
    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort { chars });
        }
        if raw.len() > Self::MAX_BYTES {
            return Err(PasswordError::TooLong { bytes: raw.len() });
        }
        if raw.contains('\0') {
            return Err(PasswordError::ContainsNul);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The bytes to hash or verify. The only way to read a password.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl PasswordError {
    /// The same error about a given body field (`password`, `new_password`).
    pub fn for_field(self, field: &'static str) -> FieldError {
        let message = match self {
            Self::TooShort { chars } => format!(
                "{field} must be at least {} characters, got {chars}",
                Password::MIN_CHARS
            ),
            Self::TooLong { bytes } => format!(
                "{field} must be at most {} bytes of UTF-8, got {bytes}: \
                 bcrypt ignores everything past byte {}",
                Password::MAX_BYTES,
                Password::MAX_BYTES
            ),
            Self::ContainsNul => format!("{field} must not contain a NUL character"),
        };
        FieldError::new(field, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        Password::parse(raw)
            .unwrap_err()
            .for_field("password")
            .to_string()
    }

    #[test]
    fn eight_characters_is_the_minimum() {
        assert!(Password::parse("12345678").is_ok());
        assert_eq!(
            message("1234567"),
            "password must be at least 8 characters, got 7"
        );
        assert_eq!(message(""), "password must be at least 8 characters, got 0");
    }

    #[test]
    fn length_is_counted_in_characters_for_the_minimum() {
        // 8 characters, 16 bytes
        assert!(Password::parse("éééééééé").is_ok());
        // 7 characters, 28 bytes
        assert_eq!(
            Password::parse("😀😀😀😀😀😀😀"),
            Err(PasswordError::TooShort { chars: 7 })
        );
    }

    #[test]
    fn seventy_two_bytes_is_the_maximum() {
        assert!(Password::parse(&"x".repeat(72)).is_ok());
        assert_eq!(
            message(&"x".repeat(73)),
            "password must be at most 72 bytes of UTF-8, got 73: \
             bcrypt ignores everything past byte 72"
        );
        // 20 characters, 80 bytes
        assert_eq!(
            Password::parse(&"😀".repeat(20)),
            Err(PasswordError::TooLong { bytes: 80 })
        );
    }

    #[test]
    fn whitespace_is_kept_and_counts() {
        let password = Password::parse("  spaced  ").unwrap();
        assert_eq!(password.expose(), b"  spaced  ");
    }

    #[test]
    fn nul_is_refused() {
        assert_eq!(
            Password::parse("password\0tail"),
            Err(PasswordError::ContainsNul)
        );
    }

    #[test]
    fn the_field_is_named_in_the_error() {
        let err = PasswordError::TooShort { chars: 3 }.for_field("new_password");
        assert_eq!(err.field(), "new_password");
        assert!(err.to_string().starts_with("new_password must"));
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::parse("hunter2-hunter2").unwrap();
        assert_eq!(format!("{password:?}"), "Password(<redacted>)");
    }
}
