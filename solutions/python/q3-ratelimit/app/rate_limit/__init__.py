"""The rate limiter: at most `max_requests` requests per client in ANY
rolling window of `window_secs` seconds.

- `policy`: the limit (`Policy`) and what a store answers (`Decision`);
- `memory`: the store for one instance, in this process;
- `redis_store`: the store shared by every instance pointing at one Redis;
- `middleware`: the ASGI middleware that asks a store about each request
  under `/api/` and answers 429 or lets it through, with the headers.

Both stores keep a sliding log: the times of each client's accepted
requests, at most `max_requests` of them. A request is accepted iff fewer
than `max_requests` are less than a window old, which is exact (a fixed
window lets twice the limit through around its boundary), and tells exactly
when the next request will be accepted: when the oldest leaves the window.
"""

from app.rate_limit.memory import MemoryStore
from app.rate_limit.middleware import RateLimitMiddleware
from app.rate_limit.policy import Decision, Policy, RateLimitStore, StoreUnavailable
from app.rate_limit.redis_store import RedisStore


def open_store(policy: Policy, redis_url: str | None) -> RateLimitStore:
    """The store the settings ask for: Redis when a URL is given, else
    memory. Raises `StoreUnavailable` now, at startup, if Redis cannot be
    used."""
    if redis_url is None:
        return MemoryStore(policy)
    return RedisStore.connect(redis_url, policy)


__all__ = [
    "Decision",
    "MemoryStore",
    "Policy",
    "RateLimitMiddleware",
    "RateLimitStore",
    "RedisStore",
    "StoreUnavailable",
    "open_store",
]
