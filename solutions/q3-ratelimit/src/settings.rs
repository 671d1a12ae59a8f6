//! Runtime configuration, read once from the environment at startup.
//!
//! | variable                  | default     |                                   |
//! |---------------------------|-------------|-----------------------------------|
//! | `HOST`                    | `127.0.0.1` | address to bind                   |
//! | `PORT`                    | `8080`      | port to bind                      |
//! | `RATE_LIMIT_MAX_REQUESTS` | `10`        | 1 to 100000                       |
//! | `RATE_LIMIT_WINDOW_SECS`  | `60`        | 1 to 86400                        |
//! | `REDIS_URL`               | unset       | unset or empty: limits in memory  |

use std::time::Duration;

use crate::rate_limit::{Policy, PolicyError, RedisUrl, mask_password};

/// Everything the service needs to start, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to bind (an IP address or a host name).
    pub host: String,
    /// TCP port to bind; `0` asks the OS for a free port (used by the tests).
    pub port: u16,
    /// Requests accepted per client in any rolling window.
    pub rate_limit: Policy,
    /// Where limits are kept so that instances share them; `None`: in memory.
    pub redis_url: Option<RedisUrl>,
}

/// A variable is set but its value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("{name} must not be empty")]
    Empty { name: &'static str },
    #[error("PORT must be a whole number from 0 to 65535, got `{value}`")]
    InvalidPort { value: String },
    #[error("{name} must be a whole number from {min} to {max}, got `{value}`")]
    OutOfRange {
        name: &'static str,
        value: String,
        min: u64,
        max: u64,
    },
    /// Not expected: the ranges above are the policy's own.
    #[error("invalid rate limit: {0}")]
    Policy(#[from] PolicyError),
    /// `value` has its password masked.
    #[error(
        "REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379/, got `{value}`: {reason}"
    )]
    InvalidRedisUrl { value: String, reason: String },
}

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
        let number = |name: &'static str, default: &str, min: u64, max: u64| {
            let value = var(name, default)?;
            match value.trim().parse::<u64>() {
                Ok(number) if (min..=max).contains(&number) => Ok(number),
                _ => Err(SettingsError::OutOfRange {
                    name,
                    value,
                    min,
                    max,
                }),
            }
        };

        let port = var("PORT", "8080")?;
        let max_requests = number(
            "RATE_LIMIT_MAX_REQUESTS",
            "10",
            1,
            u64::from(Policy::MAX_REQUESTS),
        )?;
        let window_secs = number(
            "RATE_LIMIT_WINDOW_SECS",
            "60",
            1,
            Policy::MAX_WINDOW.as_secs(),
        )?;
        let rate_limit = Policy::new(max_requests, Duration::from_secs(window_secs))?;
        let redis_url =
            match lookup("REDIS_URL") {
                Some(raw) if !raw.trim().is_empty() => Some(RedisUrl::parse(&raw).map_err(
                    |err| SettingsError::InvalidRedisUrl {
                        value: mask_password(&raw),
                        reason: err.to_string(),
                    },
                )?),
                _ => None,
            };

        Ok(Self {
            host: var("HOST", "127.0.0.1")?,
            port: port
                .trim()
                .parse()
                .map_err(|_| SettingsError::InvalidPort { value: port })?,
            rate_limit,
            redis_url,
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

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        assert_eq!(
            settings(&[]),
            Ok(Settings {
                host: "127.0.0.1".into(),
                port: 8080,
                rate_limit: Policy::new(10, Duration::from_secs(60)).unwrap(),
                redis_url: None,
            })
        );
    }

    #[test]
    fn limits_and_redis_url_are_read() {
        let settings = settings(&[
            ("RATE_LIMIT_MAX_REQUESTS", "5"),
            ("RATE_LIMIT_WINDOW_SECS", " 3 "),
            ("REDIS_URL", "redis://127.0.0.1:6379/"),
        ])
        .unwrap();
        assert_eq!(
            settings.rate_limit,
            Policy::new(5, Duration::from_secs(3)).unwrap()
        );
        assert_eq!(
            settings.redis_url.as_ref().map(RedisUrl::as_str),
            Some("redis://127.0.0.1:6379/")
        );
    }

    #[test]
    fn an_empty_redis_url_means_in_memory() {
        assert_eq!(settings(&[("REDIS_URL", " ")]).unwrap().redis_url, None);
    }

    #[test]
    fn a_port_that_is_not_a_number_is_rejected_with_its_value() {
        assert_eq!(
            error(&[("PORT", "http")]),
            "PORT must be a whole number from 0 to 65535, got `http`"
        );
    }

    #[test]
    fn limits_out_of_range_are_rejected_with_the_range() {
        for (name, value, message) in [
            (
                "RATE_LIMIT_MAX_REQUESTS",
                "0",
                "RATE_LIMIT_MAX_REQUESTS must be a whole number from 1 to 100000, got `0`",
            ),
            (
                "RATE_LIMIT_MAX_REQUESTS",
                "ten",
                "RATE_LIMIT_MAX_REQUESTS must be a whole number from 1 to 100000, got `ten`",
            ),
            (
                "RATE_LIMIT_WINDOW_SECS",
                "1.5",
                "RATE_LIMIT_WINDOW_SECS must be a whole number from 1 to 86400, got `1.5`",
            ),
            (
                "RATE_LIMIT_WINDOW_SECS",
                "-1",
                "RATE_LIMIT_WINDOW_SECS must be a whole number from 1 to 86400, got `-1`",
            ),
        ] {
            assert_eq!(error(&[(name, value)]), message);
        }
    }

    #[test]
    fn a_bad_redis_url_is_rejected_without_showing_its_password() {
        let message = error(&[("REDIS_URL", "http://:hunter2@cache:6379/")]);
        assert!(
            message.starts_with("REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379/, got `http://:***@cache:6379/`: "),
            "{message}"
        );
    }
}
