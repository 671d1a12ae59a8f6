//! Runtime configuration, read once from the environment at startup.
//!
//! | variable        | default     |
//! |-----------------|-------------|
//! | `HOST`          | `127.0.0.1` |
//! | `PORT`          | `8080`      |
//! | `DATABASE_PATH` | `./data.db` |

use std::path::PathBuf;

/// Everything the service needs to start, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Address to bind (an IP address or a host name).
    pub host: String,
    /// TCP port to bind; `0` asks the OS for a free port (used by the tests).
    pub port: u16,
    /// SQLite file owned by the service, created with its schema if missing.
    pub database_path: PathBuf,
}

/// A variable is set but its value cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("{name} must not be empty")]
    Empty { name: &'static str },
    #[error("PORT must be a whole number from 0 to 65535, got `{value}`")]
    InvalidPort { value: String },
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

        let port = var("PORT", "8080")?;
        Ok(Self {
            host: var("HOST", "127.0.0.1")?,
            port: port
                .trim()
                .parse()
                .map_err(|_| SettingsError::InvalidPort { value: port })?,
            database_path: var("DATABASE_PATH", "./data.db")?.into(),
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
                database_path: "./data.db".into(),
            })
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
    fn an_empty_database_path_is_rejected() {
        let err = settings(&[("DATABASE_PATH", "")]).unwrap_err();
        assert_eq!(err.to_string(), "DATABASE_PATH must not be empty");
    }
}
