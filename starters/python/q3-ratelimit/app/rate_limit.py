"""The rate limiter: an ASGI middleware around the whole app that limits
the requests under `/api/`. It sees every such request before any handler
(even requests no route matches), and may answer on its own instead of
calling the app.

The plumbing is done: `RateLimitMiddleware` is called for every request,
picks out the limited ones, and today lets every request through unchanged.

TODO(q3): limit each client to `RATE_LIMIT_MAX_REQUESTS` requests in any
rolling window of `RATE_LIMIT_WINDOW_SECS` seconds. The full contract is in
the README; in short:
- the client is the TCP peer IP address (`scope["client"][0]`), never a
  header such as `X-Forwarded-For`;
- over the limit: `429` with a JSON error body, `Retry-After` and
  `X-RateLimit-Reset`; rejected requests do not count;
- the limit holds under concurrent requests, and the memory used follows
  the clients seen recently, not every client ever seen.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LIMITED_PREFIX = "/api/"


class RateLimitMiddleware:
    # TODO(q3): give it what it needs to decide: the limit, the window, and
    # where the requests of each client are remembered. `api.py` adds it and
    # has the settings at hand; `app.add_middleware(RateLimitMiddleware,
    # key=value)` passes each `key=value` on to `__init__`.
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_limited(scope["path"]):
            await self.app(scope, receive, send)
            return

        # TODO(q3): decide here, before calling the app. Over the limit,
        # answer without calling it: `await response(scope, receive, send)`,
        # where `response` is a 429 built by `errors.error_response` from an
        # `ApiError` subclass.

        async def send_with_headers(message: Message) -> None:
            # TODO(q3): under the limit, tell the client where it stands:
            # `X-RateLimit-Limit` and `X-RateLimit-Remaining` (bonus), added
            # to the headers of the `http.response.start` message
            # (`starlette.datastructures.MutableHeaders(scope=message)`).
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_limited(path: str) -> bool:
    return path.startswith(LIMITED_PREFIX) or path == LIMITED_PREFIX.rstrip("/")
