"""What a limit is, what a store decides, and what a store must offer."""

import math
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Policy:
    """At most `max_requests` accepted per client in any `window_secs`."""

    max_requests: int
    window_secs: float


@dataclass(frozen=True)
class Decision:
    """A store's answer for one request."""

    allowed: bool
    limit: int
    # Requests the client may still make right now (0 when refused).
    remaining: int
    # Seconds until a request from this client will be accepted (0 when
    # allowed): when the oldest request in its log leaves the window.
    retry_after_secs: float

    def headers(self, now_unix: float) -> dict[str, str]:
        """The response headers; `now_unix` is the wall-clock time."""
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
        }
        if not self.allowed:
            # Both rounded up: they are promises, a request at or after
            # either moment is accepted.
            headers["Retry-After"] = str(max(1, math.ceil(self.retry_after_secs)))
            headers["X-RateLimit-Reset"] = str(math.ceil(now_unix + self.retry_after_secs))
        return headers


class StoreUnavailable(Exception):
    """The store cannot decide (e.g. Redis is unreachable)."""


class RateLimitStore(Protocol):
    """Where the requests of each client are remembered."""

    policy: Policy

    async def hit(self, client: str) -> Decision:
        """Decides on one request of `client` and, if it is accepted,
        records it, as one atomic step. Raises `StoreUnavailable`."""
        ...

    async def close(self) -> None: ...
