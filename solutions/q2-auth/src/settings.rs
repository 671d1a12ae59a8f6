//! Runtime configuration, read once from the environment at startup.
//!
//! | variable               | default                 |
//! |------------------------|-------------------------|
//! | `HOST`                 | `127.0.0.1`             |
//! | `PORT`                 | `8080`                  |
//! | `DATABASE_PATH`        | `./data.db`             |
//! | `JWT_SECRET`           | none: required          |
//! | `JWT_TTL_SECS`         | `3600`                  |
//! | `MAIL_OUTBOX_DIR`      | `./outbox`              |
//! | `PUBLIC_BASE_URL`      | `http://localhost:8080` |
//! | `RESET_TOKEN_TTL_SECS` | `900`                   |
//! | `LOGIN_MAX_FAILURES`   | `5`                     |
//! | `LOGIN_LOCKOUT_SECS`   | `900`                   |
//!
//! The bcrypt cost is not read from the environment: the service always
//! hashes with [`BCRYPT_COST`]. Only code that builds a `Settings` itself
//! (the tests) can lower it.

use std::{fmt, path::PathBuf};

/// Cost of every bcrypt hash the service computes: 2^12 rounds, about a
/// quarter of a second per hash on a current core in a release build.
pub const BCRYPT_COST: u32 = 12;

/// Everything the service needs to start, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to bind (an IP address or a host name).
    pub host: String,
    /// TCP port to bind; `0` asks the OS for a free port (used by the tests).
    pub port: u16,
    /// SQLite file owned by the service, created with its schema if missing.
    pub database_path: PathBuf,
    /// Signs and verifies access tokens (HS256).
    pub jwt_secret: JwtSecret,
    /// Lifetime of an access token, in seconds.
    pub jwt_ttl_secs: u64,
    /// Folder where each outgoing email is written as one `.eml` file;
    /// created on start when missing.
    pub mail_outbox_dir: PathBuf,
    /// Base of the links put in emails, without a trailing `/`.
    pub public_base_url: PublicBaseUrl,
    /// Lifetime of a password-reset token, in seconds.
    pub reset_token_ttl_secs: u64,
    /// Failed logins for one email before its logins are refused.
    pub login_max_failures: u32,
    /// How long failures are counted, and how long logins stay refused.
    pub login_lockout_secs: u64,
    /// bcrypt cost; always [`BCRYPT_COST`] when read from the environment.
    pub bcrypt_cost: u32,
}

/// The HS256 signing secret. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct JwtSecret(String);

impl JwtSecret {
    /// Below this many bytes the service still starts, with a warning.
    pub const RECOMMENDED_MIN_BYTES: usize = 32;

    /// `None` for an empty (or blank) secret: it would sign tokens anyone
    /// can forge. Otherwise taken as is, surrounding spaces included.
    pub fn new(secret: impl Into<String>) -> Option<Self> {
        let secret = secret.into();
        (!secret.trim().is_empty()).then_some(Self(secret))
    }

    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtSecret(<redacted>)")
    }
}

/// An `http://` or `https://` URL with no query, fragment or trailing `/`,
/// so that `{base}/reset-password?token=...` is a well-formed link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicBaseUrl(String);

impl PublicBaseUrl {
    pub fn parse(raw: &str) -> Option<Self> {
        let url = raw.trim().trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let valid = !rest.is_empty()
            && !rest.starts_with('/')
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#'));
        valid.then(|| Self(url.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A variable is missing or its value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error(
        "JWT_SECRET is not set: it signs every access token, so the service will not start \
         without one (use at least 32 random bytes)"
    )]
    MissingJwtSecret,
    #[error("{name} must not be empty")]
    Empty { name: &'static str },
    #[error("PORT must be a whole number from 0 to 65535, got `{value}`")]
    InvalidPort { value: String },
    #[error("{name} must be a whole number from 1 to {max}, got `{value}`")]
    InvalidNumber {
        name: &'static str,
        max: u64,
        value: String,
    },
    #[error("PUBLIC_BASE_URL must be an http:// or https:// URL without a query, got `{value}`")]
    InvalidBaseUrl { value: String },
}

/// Upper bound of every duration setting: ten years, far past any sensible
/// lifetime and far from overflowing a timestamp.
const MAX_SECS: u64 = 10 * 365 * 24 * 3600;

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the
    /// process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let var = |name: &'static str, default: &str| match lookup(name) {
            None => Ok(default.to_owned()),
            Some(value) if value.trim().is_empty() => Err(SettingsError::Empty { name }),
            Some(value) => Ok(value),
        };
        let number = |name: &'static str, default: u64, max: u64| {
            let value = var(name, &default.to_string())?;
            match value.trim().parse::<u64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(SettingsError::InvalidNumber { name, max, value }),
            }
        };

        let jwt_secret = match lookup("JWT_SECRET") {
            None => return Err(SettingsError::MissingJwtSecret),
            Some(secret) => {
                JwtSecret::new(secret).ok_or(SettingsError::Empty { name: "JWT_SECRET" })?
            }
        };
        let port = var("PORT", "8080")?;
        let base_url = var("PUBLIC_BASE_URL", "http://localhost:8080")?;
        let max_failures = number("LOGIN_MAX_FAILURES", 5, u64::from(u32::MAX))?;

        Ok(Self {
            host: var("HOST", "127.0.0.1")?,
            port: port
                .trim()
                .parse()
                .map_err(|_| SettingsError::InvalidPort { value: port })?,
            database_path: var("DATABASE_PATH", "./data.db")?.into(),
            jwt_secret,
            jwt_ttl_secs: number("JWT_TTL_SECS", 3600, MAX_SECS)?,
            mail_outbox_dir: var("MAIL_OUTBOX_DIR", "./outbox")?.into(),
            public_base_url: PublicBaseUrl::parse(&base_url)
                .ok_or(SettingsError::InvalidBaseUrl { value: base_url })?,
            reset_token_ttl_secs: number("RESET_TOKEN_TTL_SECS", 900, MAX_SECS)?,
            login_max_failures: u32::try_from(max_failures).unwrap_or(u32::MAX),
            login_lockout_secs: number("LOGIN_LOCKOUT_SECS", 900, MAX_SECS)?,
            bcrypt_cost: BCRYPT_COST,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    fn error(vars: &[(&str, &str)]) -> String {
        settings(vars).unwrap_err().to_string()
    }

    const SECRET: (&str, &str) = ("JWT_SECRET", "s3cret");

    #[test]
    fn defaults_apply_when_only_the_secret_is_set() {
        assert_eq!(
            settings(&[SECRET]),
            Ok(Settings {
                host: "127.0.0.1".into(),
                port: 8080,
                database_path: "./data.db".into(),
                jwt_secret: JwtSecret::new("s3cret").unwrap(),
                jwt_ttl_secs: 3600,
                mail_outbox_dir: "./outbox".into(),
                public_base_url: PublicBaseUrl::parse("http://localhost:8080").unwrap(),
                reset_token_ttl_secs: 900,
                login_max_failures: 5,
                login_lockout_secs: 900,
                bcrypt_cost: 12,
            })
        );
    }

    #[test]
    fn every_variable_is_read() {
        let settings = settings(&[
            SECRET,
            ("HOST", "0.0.0.0"),
            ("PORT", "9000"),
            ("DATABASE_PATH", "/tmp/q2.db"),
            ("JWT_TTL_SECS", "60"),
            ("MAIL_OUTBOX_DIR", "/tmp/mail"),
            ("PUBLIC_BASE_URL", "https://app.example.com/"),
            ("RESET_TOKEN_TTL_SECS", "2"),
            ("LOGIN_MAX_FAILURES", "3"),
            ("LOGIN_LOCKOUT_SECS", "30"),
        ])
        .unwrap();
        assert_eq!((settings.host.as_str(), settings.port), ("0.0.0.0", 9000));
        assert_eq!(settings.database_path, PathBuf::from("/tmp/q2.db"));
        assert_eq!(settings.jwt_ttl_secs, 60);
        assert_eq!(settings.mail_outbox_dir, PathBuf::from("/tmp/mail"));
        assert_eq!(settings.public_base_url.as_str(), "https://app.example.com");
        assert_eq!(settings.reset_token_ttl_secs, 2);
        assert_eq!(settings.login_max_failures, 3);
        assert_eq!(settings.login_lockout_secs, 30);
    }

    #[test]
    fn the_bcrypt_cost_is_12_whatever_the_environment_says() {
        let settings = settings(&[SECRET, ("BCRYPT_COST", "4")]).unwrap();
        assert_eq!(settings.bcrypt_cost, 12);
    }

    #[test]
    fn without_a_jwt_secret_the_service_does_not_start() {
        assert_eq!(settings(&[]), Err(SettingsError::MissingJwtSecret));
        assert!(error(&[]).starts_with("JWT_SECRET is not set"));
    }

    #[test]
    fn an_empty_jwt_secret_is_rejected() {
        for secret in ["", "   "] {
            assert_eq!(
                error(&[("JWT_SECRET", secret)]),
                "JWT_SECRET must not be empty"
            );
        }
    }

    #[test]
    fn the_secret_is_never_shown_by_debug() {
        let settings = settings(&[("JWT_SECRET", "do-not-print-me")]).unwrap();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("do-not-print-me"), "{debug}");
    }

    #[test]
    fn numbers_must_be_whole_and_positive() {
        for value in ["0", "-1", "abc", "1.5", ""] {
            let message = error(&[SECRET, ("JWT_TTL_SECS", value)]);
            assert!(
                message.starts_with("JWT_TTL_SECS must")
                    && (value.is_empty() || message.contains(&format!("`{value}`"))),
                "{message}"
            );
        }
        assert_eq!(
            error(&[SECRET, ("LOGIN_MAX_FAILURES", "0")]),
            "LOGIN_MAX_FAILURES must be a whole number from 1 to 4294967295, got `0`"
        );
    }

    #[test]
    fn the_base_url_must_be_http_or_https() {
        for value in [
            "localhost:8080",
            "ftp://example.com",
            "http://",
            "http:///path",
            "http://example.com/?a=b",
            "http://exa mple.com",
        ] {
            let message = error(&[SECRET, ("PUBLIC_BASE_URL", value)]);
            assert!(message.starts_with("PUBLIC_BASE_URL must"), "{message}");
        }
        let url = PublicBaseUrl::parse("http://127.0.0.1:9/app//").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/app");
    }

    #[test]
    fn a_port_that_is_not_a_number_is_rejected_with_its_value() {
        assert_eq!(
            error(&[SECRET, ("PORT", "http")]),
            "PORT must be a whole number from 0 to 65535, got `http`"
        );
    }
}
