"""Entry point: read the settings, build the app, serve until SIGTERM."""

import sys

import uvicorn

from app.api import create_app
from app.settings import Settings, SettingsError


def main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as err:
        print(f"q1-products: {err}", file=sys.stderr)
        return 1
    # uvicorn stops gracefully on SIGTERM and Ctrl-C.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
