"""The ASGI middleware: asks the store about every request under `/api/`
before the app sees it, and answers 429 itself when the client is over its
limit. Pure ASGI (no `BaseHTTPMiddleware`): it only wraps `send` to add the
headers, and never buffers a body."""

import ipaddress
import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import TooManyRequests, error_response
from app.rate_limit.policy import RateLimitStore, StoreUnavailable

logger = logging.getLogger(__name__)

LIMITED_PREFIX = "/api/"
# While the store is down, say so in the log at most this often.
OUTAGE_LOG_INTERVAL_SECS = 10.0


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, store: RateLimitStore) -> None:
        self.app = app
        self.store = store
        self._last_outage_log = float("-inf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_limited(scope["path"]):
            await self.app(scope, receive, send)
            return

        try:
            decision = await self.store.hit(client_of(scope))
        except StoreUnavailable as err:
            # Fail open: a cache outage must not become an API outage.
            self._log_outage(err)
            await self.app(scope, receive, send)
            return

        headers = decision.headers(now_unix=time.time())
        if not decision.allowed:
            response = error_response(TooManyRequests(self.store.policy, decision), headers)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _log_outage(self, err: StoreUnavailable) -> None:
        now = time.monotonic()
        if now - self._last_outage_log >= OUTAGE_LOG_INTERVAL_SECS:
            self._last_outage_log = now
            logger.error("rate limiting is off until the store answers again: %s", err)


def client_of(scope: Scope) -> str:
    """The TCP peer's IP address; never a header (`X-Forwarded-For` and the
    like are whatever the client writes). `::ffff:1.2.3.4` is `1.2.3.4`."""
    host = scope["client"][0] if scope.get("client") else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def _is_limited(path: str) -> bool:
    return path.startswith(LIMITED_PREFIX) or path == LIMITED_PREFIX.rstrip("/")
