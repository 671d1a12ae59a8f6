//! Access tokens: HS256 JWTs signed with `JWT_SECRET`.
//!
//! Claims: `sub` (the user id, as a string), `iat` and `exp` (= `iat` +
//! `JWT_TTL_SECS`), in whole seconds. Nothing else, and nothing secret: a
//! JWT is signed, not encrypted, and anyone holding one can read it.
//!
//! Verification is strict:
//! - the algorithm is pinned to HS256: `alg: none` (any capitalisation) is
//!   not an algorithm the library knows, and HS384/HS512 are refused even
//!   when signed with the right secret;
//! - `exp`, `iat` and `sub` are required; `nbf`, when present, is checked;
//! - no clock leeway: the service is the only issuer and the only verifier
//!   and reads one clock, so there is no skew to absorb, and a token is
//!   refused from the second after its `exp`.
//!
//! What the claims alone cannot tell (does `sub` still exist, was the token
//! issued before the last password reset) is checked by the extractor.

use std::fmt;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

use crate::{clock, domain::UserId, settings::JwtSecret};

/// Signs and verifies access tokens; built once at startup.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: u64,
}

/// What the service signs.
#[derive(Debug, Serialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
}

/// What the service reads back, once the library has checked the
/// signature, `exp` and `nbf`. `iat` is read as any JSON number (NumericDate
/// allows fractions) and rounded down.
#[derive(Debug, Deserialize)]
struct ReceivedClaims {
    sub: String,
    iat: f64,
}

/// A freshly issued token, as the login answers it.
#[derive(Clone)]
pub struct AccessToken {
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// A token that verified: signature, algorithm and times are fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user: UserId,
    /// When it was issued, in seconds since the epoch.
    pub issued_at: i64,
}

/// Why a token was refused. Deliberately coarse: the client learns that
/// its token expired (it should log in again) or that it is not valid,
/// never which check failed. The reason is logged, without the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    #[error("token has expired")]
    Expired,
    #[error("token is invalid: {0}")]
    Invalid(&'static str),
}

impl JwtKeys {
    pub fn new(secret: &JwtSecret, ttl_secs: u64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.expose()),
            decoding: DecodingKey::from_secret(secret.expose()),
            validation,
            ttl_secs,
        }
    }

    /// A token for `user`, issued at `now`.
    pub fn issue(&self, user: UserId, now: i64) -> jsonwebtoken::errors::Result<AccessToken> {
        let claims = Claims {
            sub: user.to_string(),
            iat: now,
            exp: now.saturating_add(clock::secs(self.ttl_secs)),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(AccessToken {
            token,
            expires_in: self.ttl_secs,
        })
    }

    /// Checks a token sent by a client.
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, TokenRejection> {
        let data = jsonwebtoken::decode::<ReceivedClaims>(token, &self.decoding, &self.validation)
            .map_err(|err| match err.kind() {
                ErrorKind::ExpiredSignature => TokenRejection::Expired,
                ErrorKind::ImmatureSignature => TokenRejection::Invalid("not valid yet (nbf)"),
                ErrorKind::InvalidSignature => TokenRejection::Invalid("bad signature"),
                ErrorKind::InvalidAlgorithm => TokenRejection::Invalid("algorithm is not HS256"),
                ErrorKind::MissingRequiredClaim(_) => {
                    TokenRejection::Invalid("a required claim is missing")
                }
                _ => TokenRejection::Invalid("malformed"),
            })?;
        let user = UserId::parse(&data.claims.sub)
            .ok_or(TokenRejection::Invalid("sub is not a user id"))?;
        let iat = data.claims.iat;
        if !iat.is_finite() {
            return Err(TokenRejection::Invalid("iat is not a number"));
        }
        Ok(VerifiedToken {
            user,
            // Saturating: an absurd `iat` becomes i64::MIN or i64::MAX.
            issued_at: iat.floor() as i64,
        })
    }
}

impl fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtKeys")
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use serde_json::{Value, json};

    use super::*;

    fn keys(secret: &str) -> JwtKeys {
        JwtKeys::new(&JwtSecret::new(secret).unwrap(), 3600)
    }

    fn sign(alg: Algorithm, secret: &str, claims: &Value) -> String {
        jsonwebtoken::encode(
            &Header::new(alg),
            claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    fn claims_of(token: &str) -> Value {
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[test]
    fn an_issued_token_verifies() {
        let keys = keys("s3cret");
        let now = clock::unix_now();

        let token = keys.issue(UserId::from(42), now).unwrap();

        assert_eq!(token.expires_in, 3600);
        assert_eq!(
            keys.verify(&token.token),
            Ok(VerifiedToken {
                user: UserId::from(42),
                issued_at: now
            })
        );
    }

    #[test]
    fn an_issued_token_holds_sub_iat_and_exp_only() {
        let now = clock::unix_now();
        let token = keys("s3cret").issue(UserId::from(7), now).unwrap();

        assert_eq!(
            claims_of(&token.token),
            json!({ "sub": "7", "iat": now, "exp": now + 3600 })
        );
        let header = jsonwebtoken::decode_header(&token.token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
    }

    #[test]
    fn tokens_from_another_secret_or_algorithm_are_refused() {
        let now = clock::unix_now();
        let claims = json!({ "sub": "1", "iat": now, "exp": now + 60 });
        let keys = keys("s3cret");

        assert_eq!(
            keys.verify(&sign(Algorithm::HS256, "other", &claims)),
            Err(TokenRejection::Invalid("bad signature"))
        );
        for alg in [Algorithm::HS384, Algorithm::HS512] {
            assert_eq!(
                keys.verify(&sign(alg, "s3cret", &claims)),
                Err(TokenRejection::Invalid("algorithm is not HS256"))
            );
        }
    }

    #[test]
    fn time_claims_are_enforced() {
        let now = clock::unix_now();
        let keys = keys("s3cret");
        let verify = |claims: Value| keys.verify(&sign(Algorithm::HS256, "s3cret", &claims));

        assert_eq!(
            verify(json!({ "sub": "1", "iat": now - 10, "exp": now - 1 })),
            Err(TokenRejection::Expired)
        );
        assert_eq!(
            verify(json!({ "sub": "1", "iat": now })),
            Err(TokenRejection::Invalid("a required claim is missing"))
        );
        assert_eq!(
            verify(json!({ "sub": "1", "iat": now, "exp": now + 60, "nbf": now + 30 })),
            Err(TokenRejection::Invalid("not valid yet (nbf)"))
        );
        assert!(verify(json!({ "sub": "1", "iat": now, "exp": now + 60, "nbf": now })).is_ok());
    }

    #[test]
    fn sub_and_iat_are_required() {
        let now = clock::unix_now();
        let keys = keys("s3cret");
        let verify = |claims: Value| keys.verify(&sign(Algorithm::HS256, "s3cret", &claims));

        assert!(verify(json!({ "iat": now, "exp": now + 60 })).is_err());
        assert!(verify(json!({ "sub": "1", "exp": now + 60 })).is_err());
        assert_eq!(
            verify(json!({ "sub": "me", "iat": now, "exp": now + 60 })),
            Err(TokenRejection::Invalid("sub is not a user id"))
        );
    }

    #[test]
    fn garbage_is_refused() {
        let keys = keys("s3cret");
        for token in ["", "abc", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..."] {
            assert!(keys.verify(token).is_err(), "`{token}`");
        }
    }

    #[test]
    fn debug_shows_no_key_and_no_token() {
        let keys = keys("do-not-print-me");
        let token = keys.issue(UserId::from(1), clock::unix_now()).unwrap();
        let debug = format!("{keys:?} {token:?}");
        assert!(!debug.contains("do-not-print-me"), "{debug}");
        assert!(!debug.contains(&token.token), "{debug}");
    }
}
