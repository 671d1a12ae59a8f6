"""Runtime configuration, read once from the environment at startup.

| variable                  | default     |
|---------------------------|-------------|
| `HOST`                    | `127.0.0.1` |
| `PORT`                    | `8080`      |
| `RATE_LIMIT_MAX_REQUESTS` | `10`        |
| `RATE_LIMIT_WINDOW_SECS`  | `60`        |
| `REDIS_URL`               | unset       |
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass


class SettingsError(Exception):
    """A variable is set but its value cannot be used."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    # TODO(q3): the three settings below are read but nothing uses them yet.
    # Requests accepted per client in any window of `rate_limit_window_secs`.
    rate_limit_max_requests: int
    # Length of the rolling window, in seconds.
    rate_limit_window_secs: int
    # Where to keep the counts so that several instances share them
    # (advanced); `None` keeps them in memory.
    redis_url: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """Reads the settings from `env` (the process environment by default,
        a plain dict in tests)."""

        def var(name: str, default: str) -> str:
            value = env.get(name)
            if value is None:
                return default
            if not value.strip():
                raise SettingsError(f"{name} must not be empty")
            return value

        def positive(name: str, default: str) -> int:
            value = var(name, default)
            if not value.strip().isdigit() or int(value) < 1:
                raise SettingsError(f"{name} must be a whole number of at least 1, got `{value}`")
            return int(value)

        port = var("PORT", "8080")
        if not port.strip().isdigit() or int(port) > 65535:
            raise SettingsError(f"PORT must be a whole number from 0 to 65535, got `{port}`")
        return cls(
            host=var("HOST", "127.0.0.1"),
            port=int(port),
            rate_limit_max_requests=positive("RATE_LIMIT_MAX_REQUESTS", "10"),
            rate_limit_window_secs=positive("RATE_LIMIT_WINDOW_SECS", "60"),
            redis_url=env.get("REDIS_URL", "").strip() or None,
        )
