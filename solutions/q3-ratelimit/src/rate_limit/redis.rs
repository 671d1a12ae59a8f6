//! The Redis store: the sliding log of each client in a sorted set, checked
//! and updated by one Lua script, so every instance pointing at one Redis
//! shares one budget per client.
//!
//! - **Atomic**: Redis runs a script as one step; no other command runs
//!   between the count and the insert.
//! - **One clock**: times are read inside the script from Redis's `TIME`,
//!   so instances with drifting clocks still agree. The local clock is used
//!   only to turn the wait into `X-RateLimit-Reset`.
//! - **Keys expire by themselves**: each accepted request sets the key to
//!   expire a window later, when every entry in it is stale anyway.
//! - **Never hangs**: connecting and every call are bounded by timeouts;
//!   the connection is re-established in the background after a failure.
//!
//! Needs Redis 5 or later (scripts that write after reading `TIME`).

use std::{
    fmt,
    future::Future,
    time::{Duration, Instant},
};

use redis::{
    AsyncConnectionConfig, Client, IntoConnectionInfo, Script,
    aio::{ConnectionManager, ConnectionManagerConfig},
};

use super::{ClientKey, Decision, Policy, RateLimitStore, StoreError};

/// One decision, atomically. `KEYS[1]`: the client's sorted set (members
/// are accepted requests, scored by their time in microseconds);
/// `ARGV[1]`: the limit; `ARGV[2]`: the window in microseconds. Returns
/// `{accepted (1 or 0), remaining, microseconds until a request is accepted
/// (0 if accepted)}`.
///
/// Times are microseconds since the epoch (about 2^51), exact in a Lua
/// number. Members are `seconds.microseconds:count`, unique even for two
/// requests in the same microsecond.
pub const SLIDING_LOG_SCRIPT: &str = r"
local key = KEYS[1]
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < max then
  redis.call('ZADD', key, now, time[1] .. '.' .. time[2] .. ':' .. count)
  redis.call('PEXPIRE', key, math.ceil(window / 1000))
  return {1, max - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
";

/// Prefix of every key the store writes: `ratelimit:127.0.0.2`.
pub const DEFAULT_KEY_PREFIX: &str = "ratelimit:";

/// Longest wait for Redis at startup (connecting, then loading the script).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest wait for one decision, reconnection included; past it the
/// request is served without limiting (fail open).
const CALL_TIMEOUT: Duration = Duration::from_millis(500);
/// One attempt to open a connection, at startup or when reconnecting.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// A Redis URL the client library accepts (`redis://host:port/db`,
/// `redis+unix:///path`). Shown with its password masked.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RedisUrlError(String);

impl RedisUrl {
    /// Schemes the client understands (TLS, `rediss://`, is not built in).
    const SCHEMES: [&str; 3] = ["redis://", "redis+unix://", "unix://"];

    pub fn parse(raw: &str) -> Result<Self, RedisUrlError> {
        let raw = raw.trim();
        if !Self::SCHEMES.iter().any(|scheme| raw.starts_with(scheme)) {
            return Err(RedisUrlError(format!(
                "it must start with {}",
                Self::SCHEMES.join(", ")
            )));
        }
        raw.into_connection_info()
            .map_err(|err| RedisUrlError(err.to_string()))?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The URL with any password replaced by `***`.
impl fmt::Display for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_password(&self.0))
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedisUrl({self})")
    }
}

/// `redis://user:secret@host/` -> `redis://user:***@host/`.
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_owned();
    };
    match rest[..at].split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

/// Redis could not be used at startup.
#[derive(Debug, thiserror::Error)]
pub enum RedisConnectError {
    #[error(transparent)]
    Redis(redis::RedisError),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

impl From<redis::RedisError> for RedisConnectError {
    fn from(err: redis::RedisError) -> Self {
        if err.is_timeout() {
            Self::Timeout(CONNECT_TIMEOUT)
        } else {
            Self::Redis(err)
        }
    }
}

/// Limits kept in Redis. Cheap to share: the connection is multiplexed.
pub struct RedisStore {
    connection: ConnectionManager,
    script: Script,
    key_prefix: String,
}

impl RedisStore {
    /// Connects, checks that Redis answers and runs scripts, and keeps a
    /// connection that reconnects by itself. Fails within a few seconds,
    /// never hangs, when Redis is unreachable or does not answer.
    pub async fn connect(url: &RedisUrl, key_prefix: &str) -> Result<Self, RedisConnectError> {
        let client = Client::open(url.as_str())?;
        let script = Script::new(SLIDING_LOG_SCRIPT);
        let connect = async {
            // One attempt, for a clear error now rather than retries.
            let config = AsyncConnectionConfig::new()
                .set_connection_timeout(Some(CONNECT_TIMEOUT))
                .set_response_timeout(Some(CONNECT_TIMEOUT));
            let mut probe = client
                .get_multiplexed_async_connection_with_config(&config)
                .await?;
            script.prepare_invoke().load_async(&mut probe).await?;

            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(CONNECT_TIMEOUT))
                .set_response_timeout(Some(CALL_TIMEOUT))
                .set_number_of_retries(3)
                .set_max_delay(Duration::from_secs(1));
            ConnectionManager::new_with_config(client, config).await
        };
        let connection = tokio::time::timeout(STARTUP_TIMEOUT, connect)
            .await
            .map_err(|_| RedisConnectError::Timeout(STARTUP_TIMEOUT))??;
        Ok(Self {
            connection,
            script,
            key_prefix: key_prefix.to_owned(),
        })
    }

    /// The key holding `client`'s log.
    pub fn key(&self, client: ClientKey) -> String {
        format!("{}{client}", self.key_prefix)
    }

    async fn run(&self, policy: &Policy, client: ClientKey) -> Result<Decision, StoreError> {
        let window_us = u64::try_from(policy.window().as_micros()).unwrap_or(u64::MAX);
        let mut connection = self.connection.clone();
        let call = async {
            self.script
                .key(self.key(client))
                .arg(policy.max_requests())
                .arg(window_us)
                .invoke_async::<(i64, i64, i64)>(&mut connection)
                .await
        };
        let (accepted, remaining, wait_us) = tokio::time::timeout(CALL_TIMEOUT, call)
            .await
            .map_err(|_| StoreError::Timeout(CALL_TIMEOUT))??;
        let unexpected =
            || StoreError::UnexpectedReply(format!("[{accepted}, {remaining}, {wait_us}]"));
        match accepted {
            1 => Ok(Decision::Allowed {
                remaining: u32::try_from(remaining).map_err(|_| unexpected())?,
            }),
            0 => Ok(Decision::Rejected {
                retry_after: Duration::from_micros(
                    u64::try_from(wait_us).map_err(|_| unexpected())?,
                ),
            }),
            _ => Err(unexpected()),
        }
    }
}

impl RateLimitStore for RedisStore {
    /// `now` is ignored: the script reads Redis's clock.
    fn check(
        &self,
        policy: &Policy,
        client: ClientKey,
        _now: Instant,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send {
        self.run(policy, client)
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("key_prefix", &self.key_prefix)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        for (url, shown) in [
            ("redis://127.0.0.1:6379/", "redis://127.0.0.1:6379/"),
            ("redis://:secret@cache:6379/0", "redis://:***@cache:6379/0"),
            ("redis://app:s3cr@t@cache/", "redis://app:***@cache/"),
            ("redis://app@cache/", "redis://app@cache/"),
            (
                "redis+unix:///run/redis.sock",
                "redis+unix:///run/redis.sock",
            ),
        ] {
            assert_eq!(mask_password(url), shown, "{url}");
        }
    }

    #[test]
    fn a_url_the_client_rejects_is_an_error() {
        assert!(RedisUrl::parse("redis://127.0.0.1:6379/").is_ok());
        assert!(RedisUrl::parse("redis://127.0.0.1:notaport/").is_err());
        for url in ["http://127.0.0.1/", "127.0.0.1:6379", "rediss://cache/"] {
            assert_eq!(
                RedisUrl::parse(url).unwrap_err().to_string(),
                "it must start with redis://, redis+unix://, unix://",
                "{url}"
            );
        }
    }

    #[test]
    fn debug_and_display_never_show_the_password() {
        let url = RedisUrl::parse("redis://:hunter2@127.0.0.1:6379/").unwrap();
        assert!(!format!("{url} {url:?}").contains("hunter2"));
    }
}
