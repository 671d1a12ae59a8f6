"""Builds the FastAPI app: opens the storage, installs the error handlers
and the body size limit, and holds the whole route table."""

from fastapi import FastAPI

from app import errors
from app.body_limit import BodyLimit
from app.routes import health, products
from app.settings import Settings
from app.storage import Storage

# Bodies above this are refused with 413 (1 MiB).
MAX_BODY_BYTES = 1024 * 1024


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Products")
    # One storage for the whole app; handlers get it through a dependency.
    app.state.storage = Storage.open(settings.database_path)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    app.include_router(health.router)
    app.include_router(products.router)
    return app
