"""Builds the FastAPI app: the error handlers, the middleware (the rate
limiter around `/api/`, the body size limit) and the whole route table."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import errors
from app.body_limit import BodyLimit
from app.rate_limit import Policy, RateLimitMiddleware, RateLimitStore, open_store
from app.routes import health, notes
from app.settings import Settings
from app.storage import Notes

# Bodies above this are refused with 413 (1 MiB).
MAX_BODY_BYTES = 1024 * 1024


def create_app(settings: Settings) -> FastAPI:
    """Raises `rate_limit.StoreUnavailable` when `REDIS_URL` names a Redis
    that cannot be used: better not to start than to start unprotected."""
    policy = Policy(
        max_requests=settings.rate_limit_max_requests,
        window_secs=settings.rate_limit_window_secs,
    )
    store = open_store(policy, settings.redis_url)

    app = FastAPI(title="Notes", lifespan=_closing(store))
    app.state.notes = Notes()
    errors.install(app)

    # The middleware added last runs first: the rate limiter decides before
    # anything else happens, even before a body is read.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RateLimitMiddleware, store=store)

    # `/health` is outside `/api/`: the rate limiter never limits it.
    app.include_router(health.router)
    app.include_router(notes.router)
    return app


def _closing(store: RateLimitStore):
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await store.close()

    return lifespan
