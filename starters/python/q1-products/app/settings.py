"""Runtime configuration, read once from the environment at startup.

| variable        | default     |
|-----------------|-------------|
| `HOST`          | `127.0.0.1` |
| `PORT`          | `8080`      |
| `DATABASE_PATH` | `./data.db` |
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class SettingsError(Exception):
    """A variable is set but its value cannot be used."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    database_path: Path

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

        port = var("PORT", "8080")
        if not port.strip().isdigit() or int(port) > 65535:
            raise SettingsError(f"PORT must be a whole number from 0 to 65535, got `{port}`")
        return cls(
            host=var("HOST", "127.0.0.1"),
            port=int(port),
            database_path=Path(var("DATABASE_PATH", "./data.db")),
        )
