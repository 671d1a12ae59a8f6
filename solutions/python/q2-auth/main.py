"""Entry point: read the settings, start logging, serve until SIGTERM."""

import logging
import sys

import uvicorn

from app.settings import Settings, SettingsError
from app.startup import create_app
from app.storage import StorageError


def main() -> int:
    # Logs go to stderr. Nothing logged anywhere holds a password, a token
    # or a hash: user ids and request paths only.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, StorageError, OSError) as err:
        print(f"q2-auth: {err}", file=sys.stderr)
        return 1
    if len(settings.jwt_secret.encode()) < 32:
        logging.warning("JWT_SECRET is shorter than 32 bytes: use a longer random secret")
    # `access_log=False`: uvicorn's prints query strings; `app/access_log.py`
    # logs requests instead.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
