"""Builds the FastAPI app: opens the storage, installs the error handlers,
and holds the whole route table."""

from fastapi import FastAPI

from app import errors
from app.routes import health, products
from app.settings import Settings
from app.storage import Storage


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Products")
    # One storage for the whole app; handlers get it through a dependency.
    app.state.storage = Storage.open(settings.database_path)
    errors.install(app)

    # TODO(q1): add `PUT` and `DELETE` (bonus: `PATCH`) on `/products/{id}`,
    # in `routes/products.py`. A known path with an unsupported method must
    # answer 405 with a JSON error body (bonus: an `Allow` header listing the
    # supported methods); an unknown path, 404 with a JSON body. Both are
    # raised by the framework and answered in `errors.py`.
    app.include_router(health.router)
    app.include_router(products.router)
    return app
