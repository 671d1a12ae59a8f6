//! Reading the service's tokens and forging the ones an attacker would try.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use kit_harness::Value;

/// The decoded header and claims of a JWT, without checking anything.
pub fn parts(token: &str) -> Option<(Value, Value)> {
    let mut pieces = token.split('.');
    let decode = |piece: Option<&str>| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(piece?.trim_end_matches('=')).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    Some((decode(pieces.next())?, decode(pieces.next())?))
}

/// Whether `token` is HS256-signed with `secret` (expiry not judged here).
pub fn signed_hs256(token: &str, secret: &str) -> bool {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .is_ok()
}

/// A token signed with `algorithm` (an HMAC one) and `secret`.
pub fn forge(algorithm: Algorithm, claims: &Value, secret: &str) -> String {
    let mut header = Header::new(algorithm);
    header.typ = Some("JWT".to_owned());
    // Encoding plain JSON with an HMAC key cannot fail.
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap_or_default()
}

/// An unsigned token (`alg` as given, e.g. `none`, empty signature).
pub fn unsigned(alg: &str, claims: &Value) -> String {
    let header = serde_json::json!({ "alg": alg, "typ": "JWT" });
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// `token` with its claims replaced and its signature kept.
pub fn with_claims(token: &str, claims: &Value) -> String {
    let mut pieces: Vec<&str> = token.split('.').collect();
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    if pieces.len() == 3 {
        pieces[1] = &payload;
        pieces.join(".")
    } else {
        token.to_owned()
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forged_tokens_verify_only_with_their_own_secret_and_algorithm() {
        let token = forge(
            Algorithm::HS256,
            &json!({ "sub": "1", "exp": now() + 60 }),
            "s3cret",
        );
        assert!(signed_hs256(&token, "s3cret"));
        assert!(!signed_hs256(&token, "other"));
        let other_algorithm = forge(Algorithm::HS512, &json!({ "sub": "1" }), "s3cret");
        assert!(!signed_hs256(&other_algorithm, "s3cret"));
    }

    #[test]
    fn unsigned_and_tampered_tokens_read_back() {
        let token = unsigned("none", &json!({ "sub": "7" }));
        assert!(token.ends_with('.'));
        assert_eq!(
            parts(&token).map(|(header, _)| header["alg"].clone()),
            Some(json!("none"))
        );
        let signed = forge(Algorithm::HS256, &json!({ "sub": "1" }), "s3cret");
        let tampered = with_claims(&signed, &json!({ "sub": "2" }));
        assert_eq!(
            parts(&tampered).map(|(_, claims)| claims["sub"].clone()),
            Some(json!("2"))
        );
        assert!(!signed_hs256(&tampered, "s3cret"));
    }
}
