"""The errors handlers raise, and how every error becomes an HTTP response.

This is the only place that maps errors to status codes. Every error body
is JSON: `{"error": "<human-readable message>"}`, plus `field` (a body
field) or `parameter` (a query parameter) when one input is at fault.
"""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

logger = logging.getLogger(__name__)

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class ApiError(Exception):
    """An error with its HTTP status; subclasses set `status_code`."""

    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProductNotFound(ApiError):
    """Also used for ids that cannot be ids: they name no product either."""

    status_code = 404

    def __init__(self, raw_id: str) -> None:
        super().__init__(f"no product with id `{raw_id}`")


class UnsupportedMediaType(ApiError):
    status_code = 415

    def __init__(self) -> None:
        super().__init__("the body must be JSON, sent with `Content-Type: application/json`")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)


def _error(status: int, message: str, headers: dict[str, str] | None = None, **extra: str) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return _error(exc.status_code, exc.message)


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 for anything it could not parse, split as the contract
    asks: malformed JSON is 400, a bad query parameter 400, a body breaking
    a field rule 422. The first problem is reported, naming its input."""
    error = exc.errors()[0]
    where, *path = error["loc"]
    name = ".".join(str(part) for part in path)
    if error["type"] == "json_invalid":
        return _error(400, f"malformed JSON: {error.get('ctx', {}).get('error', error['msg'])}")
    if where == "query":
        return _error(400, f"query parameter `{name}`: {error['msg']}", parameter=name)
    if not name:  # the body as a whole: not an object, or missing
        return _error(422, f"the body must be a JSON object: {error['msg']}")
    return _error(422, f"{name}: {_message(error['msg'])}", field=name)


def _message(msg: str) -> str:
    # pydantic prefixes the messages of custom rules with "Value error, ".
    return msg.removeprefix("Value error, ")


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """The errors the framework raises itself (unknown path, unsupported
    method) and `body_limit`'s 413."""
    if exc.status_code == 404:
        return _error(404, f"no route for {request.method} {request.url.path}")
    if exc.status_code == 405:
        return _error(
            405,
            f"{request.method} is not supported on {request.url.path}",
            headers={"Allow": _allowed_methods(request)},
        )
    return _error(exc.status_code, str(exc.detail), headers=exc.headers)


def _allowed_methods(request: Request) -> str:
    # FastAPI's own 405 names only the methods of the first route matching
    # the path (one route per method): ask every route about every method.
    allowed = (
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    )
    return ", ".join(allowed)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Our fault, not the client's: the details are logged, not sent.
    logger.exception("request failed: %s %s", request.method, request.url.path)
    return _error(500, "internal server error")
