"""Builds the application: creates what every request shares (storage,
hasher, token issuer, throttle, outbox), and holds the whole route table."""

from fastapi import Depends, FastAPI

from app import errors
from app.access_log import AccessLog
from app.auth.passwords import PasswordHasher
from app.auth.throttle import LoginThrottle
from app.auth.tokens import TokenIssuer
from app.json_body import BodySizeLimit, require_json
from app.mail import Outbox
from app.routes import health, login, password_reset, register, users
from app.settings import Settings
from app.storage import Storage


def create_app(settings: Settings) -> FastAPI:
    """Opens the database (creating its schema if needed), creates the
    outbox folder, and builds the app. Raises `StorageError` or `OSError`
    when either cannot be used: better at startup than at the first request.
    """
    app = FastAPI(title="Q2 auth")
    app.state.settings = settings
    app.state.storage = Storage.open(settings.database_path)
    app.state.hasher = PasswordHasher()
    app.state.tokens = TokenIssuer(settings.jwt_secret, settings.jwt_ttl_secs)
    app.state.throttle = LoginThrottle(settings.login_max_failures, settings.login_lockout_secs)
    app.state.outbox = Outbox(settings.mail_outbox_dir)
    app.state.outbox.create()
    app.add_middleware(BodySizeLimit)
    app.add_middleware(AccessLog)
    errors.install(app)
    add_routes(app)
    return app


def add_routes(app: FastAPI) -> None:
    """Every route the service answers. A known path with another method
    gets 405 with an `Allow` header (Starlette), an unknown path 404.
    `/users/me` comes before `/users/{user_id}`, which would match it too."""
    json_body = [Depends(require_json)]
    app.add_api_route("/health", health.health_check, methods=["GET"])
    app.add_api_route(
        "/auth/register",
        register.register,
        methods=["POST"],
        status_code=201,
        dependencies=json_body,
    )
    app.add_api_route("/auth/login", login.login, methods=["POST"], dependencies=json_body)
    app.add_api_route(
        "/auth/password-reset",
        password_reset.request_reset,
        methods=["POST"],
        status_code=202,
        dependencies=json_body,
    )
    app.add_api_route(
        "/auth/password-reset/confirm",
        password_reset.confirm_reset,
        methods=["POST"],
        status_code=204,
        dependencies=json_body,
    )
    app.add_api_route("/users/me", users.me, methods=["GET"])
    app.add_api_route("/users/{user_id}", users.get_user, methods=["GET"])
