"""Builds the FastAPI app: the error handlers, the middleware (the rate
limiter around `/api/`, the body size limit) and the whole route table."""

from fastapi import FastAPI

from app import errors
from app.body_limit import BodyLimit
from app.rate_limit import RateLimitMiddleware
from app.routes import health, notes
from app.settings import Settings
from app.storage import Notes

# Bodies above this are refused with 413 (1 MiB).
MAX_BODY_BYTES = 1024 * 1024


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Notes")
    app.state.notes = Notes()
    errors.install(app)

    # The middleware added last runs first: the rate limiter decides before
    # anything else happens, even before a body is read.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    # TODO(q3): build the rate limiter from the settings
    # (`rate_limit_max_requests`, `rate_limit_window_secs`, and `redis_url`
    # for the advanced variant). Connecting to Redis belongs here, at
    # startup: an unreachable Redis must stop the service with a clear
    # error, not hang it.
    app.add_middleware(RateLimitMiddleware)

    # `/health` is outside `/api/`: the rate limiter never limits it.
    app.include_router(health.router)
    app.include_router(notes.router)
    return app
