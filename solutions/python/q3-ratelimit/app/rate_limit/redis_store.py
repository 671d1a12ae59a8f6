"""The Redis store: each client's sliding log in a sorted set, checked and
updated by one Lua script, so every instance pointing at one Redis shares
one budget per client.

- Atomic: Redis runs a script as one step; no other command runs between
  the count and the insert.
- One clock: times are read inside the script from Redis's `TIME`, so
  instances with drifting clocks still agree.
- Keys expire by themselves: each accepted request sets the key to expire
  a window later, when every entry in it is stale anyway.
- Never hangs: connecting and every call are bounded by timeouts.
"""

from urllib.parse import urlsplit

import redis
import redis.asyncio

from app.rate_limit.policy import Decision, Policy, StoreUnavailable

# One decision. KEYS[1]: the client's sorted set (members are accepted
# requests, scored by their time in microseconds); ARGV[1]: the limit;
# ARGV[2]: the window in microseconds. Returns {accepted (1 or 0),
# remaining, microseconds until a request is accepted (0 if accepted)}.
# Members are `seconds.microseconds:count`: unique even within a microsecond.
SLIDING_LOG_SCRIPT = """
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
"""

# Prefix of every key the store writes: `ratelimit:127.0.0.2`.
KEY_PREFIX = "ratelimit:"
# One attempt to connect, at startup or later.
CONNECT_TIMEOUT_SECS = 1.0
# Longest wait for one decision; past it the store is unavailable.
CALL_TIMEOUT_SECS = 0.5


class RedisStore:
    def __init__(self, client: redis.asyncio.Redis, policy: Policy) -> None:
        self.policy = policy
        self._client = client
        # Runs EVALSHA, and loads the script again if Redis lost it.
        self._script = client.register_script(SLIDING_LOG_SCRIPT)

    @classmethod
    def connect(cls, url: str, policy: Policy) -> "RedisStore":
        """Checks now, before serving, that Redis answers and runs scripts:
        an unreachable Redis is a clear error at startup, not at the first
        request. The check is synchronous: the service's event loop, where
        the asyncio client will live, is not running yet."""
        try:
            with redis.Redis.from_url(
                url, socket_connect_timeout=CONNECT_TIMEOUT_SECS, socket_timeout=CONNECT_TIMEOUT_SECS
            ) as probe:
                probe.script_load(SLIDING_LOG_SCRIPT)
        except (redis.RedisError, ValueError) as err:
            raise StoreUnavailable(f"cannot use Redis at REDIS_URL={mask_password(url)}: {err}") from err
        client = redis.asyncio.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT_SECS, socket_timeout=CALL_TIMEOUT_SECS
        )
        return cls(client, policy)

    async def hit(self, client: str) -> Decision:
        limit = self.policy.max_requests
        window_us = round(self.policy.window_secs * 1_000_000)
        try:
            allowed, remaining, wait_us = await self._script(
                keys=[KEY_PREFIX + client], args=[limit, window_us]
            )
        except redis.RedisError as err:
            raise StoreUnavailable(f"Redis did not answer: {err}") from err
        return Decision(
            allowed=allowed == 1,
            limit=limit,
            remaining=remaining,
            retry_after_secs=wait_us / 1_000_000,
        )

    async def close(self) -> None:
        await self._client.aclose()


def mask_password(url: str) -> str:
    """`redis://user:secret@host/` -> `redis://user:***@host/`: URLs end up in logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
