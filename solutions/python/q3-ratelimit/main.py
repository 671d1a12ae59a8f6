"""Entry point: read the settings, build the app, serve until SIGTERM."""

import sys

import uvicorn

from app.api import create_app
from app.rate_limit import StoreUnavailable
from app.settings import Settings, SettingsError


def main() -> int:
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, StoreUnavailable) as err:
        # e.g. "cannot use Redis at REDIS_URL=redis://127.0.0.1:6390/: Error 111 ..."
        print(f"q3-ratelimit: {err}", file=sys.stderr)
        return 1
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        # uvicorn trusts `X-Forwarded-For` from 127.0.0.1 by default and
        # rewrites the client address with it. No proxy stands in front of
        # this service: the client is the TCP peer, whatever headers it sends.
        proxy_headers=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
