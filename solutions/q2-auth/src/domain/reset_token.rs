//! Password-reset tokens: random, single-use secrets sent by email.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// A reset token as it appears in the emailed link: 32 bytes (256 bits)
/// from the operating system's CSPRNG, in base64url without padding, so 43
/// characters of `A-Z a-z 0-9 - _`, safe in a URL as is.
///
/// The raw token only ever exists in the email and in the request that
/// confirms the reset; the database stores its [`ResetTokenDigest`].
/// `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken(String);

/// SHA-256 of a reset token, in lowercase hex: what the database stores
/// and looks tokens up by. A plain hash (no salt, no bcrypt) is enough
/// because the token itself has 256 bits of entropy: nobody can guess a
/// token from its digest, and the lookup stays one indexed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetTokenDigest(String);

impl ResetToken {
    const BYTES: usize = 32;
    /// `BYTES` in base64 without padding.
    const CHARS: usize = 43;

    /// A new token from the OS's CSPRNG (`getrandom`).
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; Self::BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(Self(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A token sent back by a client. `None` when it cannot be one of ours
    /// (wrong length or alphabet): no need to ask the database.
    pub fn parse(raw: &str) -> Option<Self> {
        let well_formed = raw.len() == Self::CHARS
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && URL_SAFE_NO_PAD.decode(raw).is_ok();
        well_formed.then(|| Self(raw.to_owned()))
    }

    /// For the emailed link, and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn digest(&self) -> ResetTokenDigest {
        let hash = Sha256::digest(self.0.as_bytes());
        ResetTokenDigest(format!("{hash:x}"))
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken(<redacted>)")
    }
}

impl ResetTokenDigest {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_generated_token_is_43_url_safe_characters() {
        let token = ResetToken::generate().unwrap();
        let raw = token.expose();
        assert_eq!(raw.len(), 43);
        assert!(
            raw.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{raw}"
        );
    }

    #[test]
    fn generated_tokens_differ() {
        let tokens: HashSet<String> = (0..100)
            .map(|_| ResetToken::generate().unwrap().expose().to_owned())
            .collect();
        assert_eq!(tokens.len(), 100);
    }

    #[test]
    fn a_generated_token_parses_back() {
        let token = ResetToken::generate().unwrap();
        assert_eq!(ResetToken::parse(token.expose()), Some(token));
    }

    #[test]
    fn anything_else_does_not_parse() {
        let valid = ResetToken::generate().unwrap().expose().to_owned();
        for raw in [
            String::new(),
            valid[..42].to_owned(),
            format!("{valid}A"),
            format!("{}+", &valid[..42]),
            format!("{}=", &valid[..42]),
            format!("{} ", &valid[..42]),
        ] {
            assert_eq!(ResetToken::parse(&raw), None, "`{raw}`");
        }
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_token_in_lowercase_hex() {
        // Any 43 base64url characters make a token; this one is easy to check
        // with `printf %s AAA... | sha256sum`.
        let token = ResetToken::parse(&"A".repeat(43)).unwrap();
        assert_eq!(
            token.digest().as_str(),
            "0f007385b6f9d4b7eeb2748605afe1a984a0a3bfa3f014d09e2a784ce9e5cd1a"
        );
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = ResetToken::generate().unwrap();
        assert_eq!(format!("{token:?}"), "ResetToken(<redacted>)");
    }
}
