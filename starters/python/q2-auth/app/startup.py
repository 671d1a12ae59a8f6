"""Builds the application: opens the storage, and holds the whole route table."""

from fastapi import Depends, FastAPI

from app import errors
from app.json_body import BodySizeLimit, require_json
from app.routes import health, login, register, users
from app.settings import Settings
from app.storage import Storage


def create_app(settings: Settings) -> FastAPI:
    """Opens the database (creating its schema if needed) and builds the app.

    Whatever every request needs (a hasher, signing keys, the outbox) is
    built here once and kept on `app.state`, like the storage; `deps.py`
    hands it to the handlers.
    """
    app = FastAPI(title="Q2 auth (starter)")
    app.add_middleware(BodySizeLimit)
    app.state.settings = settings
    app.state.storage = Storage.open(settings.database_path)
    errors.install(app)
    add_routes(app)
    return app


# TODO(q2): add `GET /users/me` (before `/users/{user_id}`, which would match
# it too) and, bonus, `POST /auth/password-reset` and
# `POST /auth/password-reset/confirm`:
# - `POST /auth/password-reset` `{"email"}`: always 202 with the same body,
#   whether or not an account has the email. For an account, write one
#   email (one new file) into `MAIL_OUTBOX_DIR` with the recipient's
#   address and the link `{PUBLIC_BASE_URL}/reset-password?token=<token>`:
#   at least 128 bits from a CSPRNG (`secrets.token_urlsafe(32)`), only
#   `A-Z a-z 0-9 - _`. The link comes from the settings, never from the
#   request's `Host` header. Store only a hash of the token, with its expiry
#   (`RESET_TOKEN_TTL_SECS`).
# - `POST /auth/password-reset/confirm` `{"token", "new_password"}`: 204;
#   400 for an unknown, used or expired token; 422 for a weak password.
#   The token works once, even when two requests race. Afterwards the new
#   password logs in, the old one does not, and access tokens issued before
#   the reset are refused.
def add_routes(app: FastAPI) -> None:
    """Every route the service answers. A known path with another method
    gets 405 with an `Allow` header (Starlette), an unknown path 404."""
    json_body = [Depends(require_json)]
    app.add_api_route("/health", health.health_check, methods=["GET"])
    app.add_api_route(
        "/auth/register",
        register.register,
        methods=["POST"],
        status_code=201,
        dependencies=json_body,
    )
    app.add_api_route("/auth/login", login.login, methods=["POST"])
    app.add_api_route("/users/{user_id}", users.get_user, methods=["GET"])
