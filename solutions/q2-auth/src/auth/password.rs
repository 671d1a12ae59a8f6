//! bcrypt hashing and verification, on the blocking thread pool.
//!
//! A bcrypt hash at cost 12 takes about a quarter of a second of CPU. Run on
//! an async worker, a few concurrent logins would stall every other request
//! on that worker, `/health` included; `web::block` moves the work to
//! actix's blocking pool instead.

use std::{fmt, sync::Arc};

use actix_web::{error::BlockingError, web};

use crate::domain::Password;

/// A bcrypt hash in its modular crypt form, `$2b$12$<salt><hash>`.
///
/// Not secret like a password, but never shown either (an offline attack
/// starts from it): `Debug` does not print it and it is not `Serialize`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// A hash read back from the database.
    pub fn from_stored(hash: String) -> Self {
        Self(hash)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("bcrypt failed")]
    Bcrypt(#[from] bcrypt::BcryptError),
    #[error("hashing task did not complete")]
    Blocking(#[from] BlockingError),
}

/// Hashes and verifies passwords at one bcrypt cost; cheap to clone.
#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    /// A hash of a random password nobody knows, at the same cost as real
    /// ones: verified against when there is no real hash to check (unknown
    /// email), so that a login for an unknown email takes as long as one
    /// with a wrong password and response times tell nothing.
    dummy: Arc<PasswordHash>,
}

impl PasswordHasher {
    /// Computes the dummy hash, on the calling thread: call it at startup.
    pub fn new(cost: u32) -> Result<Self, HashError> {
        let mut unguessable = [0u8; 32];
        // Random or not, nobody logs in with the dummy: verifying against it
        // always ends in "wrong credentials". Randomness only avoids a fixed
        // well-known string in the binary.
        let _ = getrandom::fill(&mut unguessable);
        let dummy = bcrypt::hash(&unguessable[..16], cost)?;
        Ok(Self {
            cost,
            dummy: Arc::new(PasswordHash(dummy)),
        })
    }

    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// A new salted hash of `password` (version `$2b$`).
    pub async fn hash(&self, password: Password) -> Result<PasswordHash, HashError> {
        let cost = self.cost;
        let hash = web::block(move || bcrypt::hash(password.expose(), cost)).await??;
        Ok(PasswordHash(hash))
    }

    /// Whether `candidate` is the password behind `stored`.
    ///
    /// Always computes exactly one bcrypt hash, whatever is missing: no
    /// stored hash (unknown email) or no usable candidate (a password no
    /// account can have) verify against the dummy hash and answer `false`.
    pub async fn verify(
        &self,
        candidate: Option<Password>,
        stored: Option<PasswordHash>,
    ) -> Result<bool, HashError> {
        let dummy = Arc::clone(&self.dummy);
        web::block(move || match (candidate, stored) {
            (Some(candidate), Some(stored)) => bcrypt::verify(candidate.expose(), stored.as_str()),
            (candidate, _) => {
                let bytes = candidate.as_ref().map_or(&b"-"[..], Password::expose);
                bcrypt::verify(bytes, dummy.as_str()).map(|_| false)
            }
        })
        .await?
        .map_err(HashError::from)
    }
}

impl fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("cost", &self.cost)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(raw: &str) -> Password {
        Password::parse(raw).unwrap()
    }

    #[actix_web::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hasher = PasswordHasher::new(4).unwrap();
        let hash = hasher.hash(password("correct horse")).await.unwrap();

        assert!(hash.as_str().starts_with("$2b$04$"), "{hash:?}");
        assert!(
            hasher
                .verify(Some(password("correct horse")), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(Some(password("correct horsE")), Some(hash))
                .await
                .unwrap()
        );
    }

    #[actix_web::test]
    async fn without_a_stored_hash_or_a_candidate_verification_fails() {
        let hasher = PasswordHasher::new(4).unwrap();
        let hash = hasher.hash(password("correct horse")).await.unwrap();

        assert!(
            !hasher
                .verify(Some(password("correct horse")), None)
                .await
                .unwrap()
        );
        assert!(!hasher.verify(None, Some(hash)).await.unwrap());
        assert!(!hasher.verify(None, None).await.unwrap());
    }

    #[actix_web::test]
    async fn every_one_of_72_bytes_counts() {
        let hasher = PasswordHasher::new(4).unwrap();
        let long = "x".repeat(71);
        let hash = hasher.hash(password(&format!("{long}a"))).await.unwrap();

        let other_last_byte = password(&format!("{long}b"));
        assert!(
            !hasher
                .verify(Some(other_last_byte), Some(hash))
                .await
                .unwrap()
        );
    }

    #[test]
    fn debug_shows_neither_hash_nor_dummy() {
        let hasher = PasswordHasher::new(4).unwrap();
        let debug = format!("{hasher:?} {:?}", hasher.dummy);
        assert!(!debug.contains("$2b$"), "{debug}");
    }
}
