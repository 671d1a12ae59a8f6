"""Entry point: read the settings, start logging, serve until SIGTERM."""

import logging
import sys

import uvicorn

from app.settings import Settings, SettingsError
from app.startup import create_app
from app.storage import StorageError


def main() -> int:
    # Logs go to stderr.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, StorageError) as err:
        print(f"q2-auth: {err}", file=sys.stderr)
        return 1
    # TODO(q2): nothing the service prints may contain a password or a
    # token (advanced). uvicorn's access log prints each request line with
    # its query string; `access_log=False` and a middleware of your own that
    # logs the method, the path and the status is one way.
    uvicorn.run(app, host=settings.host, port=settings.port, timeout_graceful_shutdown=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
