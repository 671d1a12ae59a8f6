"""Request bodies: JSON only, at most 1 MiB.

FastAPI reads and validates bodies itself (the pydantic models of
`domain.py`); what it does not check is the `Content-Type` (without
`require_json`, a `text/plain` body would get a 422 about its fields
instead of a 415), nor the size (`BodySizeLimit`).
"""

import email.message

from fastapi import Request
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import UnsupportedMediaType

# Largest request body accepted: 1 MiB. Larger ones get 413.
MAX_BODY_BYTES = 1_048_576


def require_json(request: Request) -> None:
    """A dependency of every route that reads a body."""
    if not is_json(request.headers.get("content-type")):
        raise UnsupportedMediaType(
            "request body must be JSON, sent with `Content-Type: application/json`"
        )


def is_json(content_type: str | None) -> bool:
    """`application/json`, or `application/<anything>+json`, any parameters."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class BodySizeLimit:
    """ASGI middleware: reading a body over `max_bytes` (as declared by
    `Content-Length`, or as it streams in) raises a 413 `HTTPException`,
    which `errors.py` answers like any other error."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise self.too_large()
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise self.too_large()
            return message

        await self.app(scope, limited_receive, send)

    def too_large(self) -> HTTPException:
        return HTTPException(
            413, f"request body is larger than the limit of {self.max_bytes} bytes"
        )
