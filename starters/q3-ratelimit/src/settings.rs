//! Runtime configuration, read once from the environment at startup.
//!
//! | variable                  | default     |
//! |---------------------------|-------------|
//! | `HOST`                    | `127.0.0.1` |
//! | `PORT`                    | `8080`      |
//! | `RATE_LIMIT_MAX_REQUESTS` | `10`        |
//! | `RATE_LIMIT_WINDOW_SECS`  | `60`        |
//! | `REDIS_URL`               | unset       |

/// Everything the service needs to start, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to bind (an IP address or a host name).
    pub host: String,
    /// TCP port to bind; `0` asks the OS for a free port (used by the tests).
    pub port: u16,
    // TODO(q3): the three settings below are read but nothing uses them yet.
    /// Requests accepted per client in any window of `rate_limit_window_secs`.
    pub rate_limit_max_requests: u32,
    /// Length of the rolling window, in seconds.
    pub rate_limit_window_secs: u64,
    /// Where to keep the counts so that several instances share them
    /// (advanced); `None` keeps them in memory.
    pub redis_url: Option<String>,
}

/// A variable is set but its value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("{name} must not be empty")]
    Empty { name: &'static str },
    #[error("PORT must be a whole number from 0 to 65535, got `{value}`")]
    InvalidPort { value: String },
    #[error("{name} must be a whole number of at least 1, got `{value}`")]
    NotPositive { name: &'static str, value: String },
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
        let positive = |name: &'static str, default: &str| {
            let value = var(name, default)?;
            match value.trim().parse::<u64>() {
                Ok(number) if number >= 1 => Ok(number),
                _ => Err(SettingsError::NotPositive { name, value }),
            }
        };

        let port = var("PORT", "8080")?;
        let max_requests = positive("RATE_LIMIT_MAX_REQUESTS", "10")?;
        Ok(Self {
            host: var("HOST", "127.0.0.1")?,
            port: port
                .trim()
                .parse()
                .map_err(|_| SettingsError::InvalidPort { value: port })?,
            rate_limit_max_requests: u32::try_from(max_requests).map_err(|_| {
                SettingsError::NotPositive {
                    name: "RATE_LIMIT_MAX_REQUESTS",
                    value: max_requests.to_string(),
                }
            })?,
            rate_limit_window_secs: positive("RATE_LIMIT_WINDOW_SECS", "60")?,
            redis_url: lookup("REDIS_URL").filter(|url| !url.trim().is_empty()),
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

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        assert_eq!(
            settings(&[]),
            Ok(Settings {
                host: "127.0.0.1".into(),
                port: 8080,
                rate_limit_max_requests: 10,
                rate_limit_window_secs: 60,
                redis_url: None,
            })
        );
    }

    #[test]
    fn limits_and_redis_url_are_read() {
        let settings = settings(&[
            ("RATE_LIMIT_MAX_REQUESTS", "5"),
            ("RATE_LIMIT_WINDOW_SECS", "3"),
            ("REDIS_URL", "redis://127.0.0.1:6379"),
        ])
        .unwrap();
        assert_eq!(settings.rate_limit_max_requests, 5);
        assert_eq!(settings.rate_limit_window_secs, 3);
        assert_eq!(
            settings.redis_url.as_deref(),
            Some("redis://127.0.0.1:6379")
        );
    }

    #[test]
    fn a_port_that_is_not_a_number_is_rejected_with_its_value() {
        let err = settings(&[("PORT", "http")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PORT must be a whole number from 0 to 65535, got `http`"
        );
    }

    #[test]
    fn a_zero_limit_is_rejected_with_its_value() {
        let err = settings(&[("RATE_LIMIT_MAX_REQUESTS", "0")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "RATE_LIMIT_MAX_REQUESTS must be a whole number of at least 1, got `0`"
        );
    }
}
