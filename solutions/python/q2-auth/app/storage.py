"""SQLite storage: the schema and every query the service runs.

Each call opens its own connection (microseconds for SQLite) and runs on a
worker thread (`asyncio.to_thread`), so disk I/O never stalls the event
loop serving HTTP. WAL mode and a busy timeout on every connection let
concurrent requests write without "database is locked" errors.

Every value reaches SQL as a bound parameter (`?`); never build SQL text
from request data.
"""

import asyncio
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.domain import User

T = TypeVar("T")

# How long a connection waits for another writer before giving up, seconds.
BUSY_TIMEOUT = 5.0

# Created on start when missing. Times are whole seconds since the epoch.
# - `users.email` is UNIQUE: only the database can stop two simultaneous
#   registrations of one email (checking first, then inserting, races).
#   `AUTOINCREMENT`: the id of a deleted account is never handed out again,
#   so an old token can never name a new account.
# - `password_changed_at`: access tokens issued (`iat`) before it are
#   refused; NULL until the first password reset.
# - Reset tokens are stored as their SHA-256 only: whoever reads the
#   database cannot use them.
SCHEMA = """
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS users (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        email               TEXT    NOT NULL UNIQUE,
        password_hash       TEXT    NOT NULL,
        password_changed_at INTEGER,
        created_at          INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS password_reset_tokens (
        token_sha256 TEXT    PRIMARY KEY,
        user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at   INTEGER NOT NULL,
        used_at      INTEGER,
        created_at   INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS password_reset_tokens_by_user
        ON password_reset_tokens (user_id);
"""


class StorageError(Exception):
    """The database cannot be opened."""


class DuplicateEmail(Exception):
    """The unique index refused a second account with one email."""


@dataclass(frozen=True)
class Account:
    """A user and what only the service may see about it."""

    user: User
    password_hash: str
    # Access tokens issued before this second are refused; `None`: never reset.
    password_changed_at: int | None


class Storage:
    """Handle to the database, shared by every request."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @classmethod
    def open(cls, path: Path) -> "Storage":
        """Opens (or creates) the database file and makes sure the schema exists."""
        try:
            conn = _connect(path)
            try:
                conn.executescript(SCHEMA)
            finally:
                conn.close()
        except sqlite3.Error as err:
            raise StorageError(f"cannot open database `{path}`: {err}") from err
        return cls(path)

    async def insert_user(self, email: str, password_hash: str) -> User:
        """Creates an account and returns it. Raises `DuplicateEmail`."""

        def insert(conn: sqlite3.Connection) -> User:
            try:
                row = conn.execute(
                    "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)"
                    " RETURNING id, email",
                    (email, password_hash, unix_now()),
                ).fetchone()
            except sqlite3.IntegrityError as err:
                raise DuplicateEmail from err
            return User(id=row[0], email=row[1])

        return await self._run(insert)

    async def account_by_id(self, user_id: int) -> Account | None:
        return await self._run(lambda conn: _account(conn, "id = ?", user_id))

    async def account_by_email(self, email: str) -> Account | None:
        return await self._run(lambda conn: _account(conn, "email = ?", email))

    async def insert_reset_token(self, user_id: int, token_sha256: str, expires_at: int) -> None:
        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO password_reset_tokens"
                " (token_sha256, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
                (token_sha256, user_id, expires_at, unix_now()),
            )

        await self._run(insert)

    async def reset_token_is_valid(self, token_sha256: str, now: int) -> bool:
        """Whether the token exists, unused and unexpired (read only: it is
        checked again, atomically, by `reset_password`)."""

        def select(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT 1 FROM password_reset_tokens"
                " WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ?",
                (token_sha256, now),
            ).fetchone()
            return row is not None

        return await self._run(select)

    async def reset_password(self, token_sha256: str, password_hash: str, now: int) -> str | None:
        """Uses the token (once: two racing requests cannot both succeed),
        sets the account's new hash and `password_changed_at`, and uses up
        its other reset tokens, in one transaction. Returns the account's
        email, or `None` for an unknown, used or expired token."""

        def reset(conn: sqlite3.Connection) -> str | None:
            used = conn.execute(
                "UPDATE password_reset_tokens SET used_at = ?"
                " WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ?"
                " RETURNING user_id",
                (now, token_sha256, now),
            ).fetchall()
            if not used:
                return None
            user_id = used[0][0]
            conn.execute(
                "UPDATE password_reset_tokens SET used_at = ?"
                " WHERE user_id = ? AND used_at IS NULL",
                (now, user_id),
            )
            changed = conn.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?"
                " RETURNING email",
                (password_hash, now, user_id),
            ).fetchall()
            return changed[0][0] if changed else None

        return await self._run(reset)

    async def _run(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `query` in one transaction, on a fresh connection, on a worker thread."""

        def run() -> T:
            conn = _connect(self._path)
            try:
                with conn:  # commits, or rolls back on an exception
                    return query(conn)
            finally:
                conn.close()

        return await asyncio.to_thread(run)


def _account(conn: sqlite3.Connection, condition: str, value: object) -> Account | None:
    """The one account matching `condition` (a literal of this file), or `None`."""
    row = conn.execute(
        f"SELECT id, email, password_hash, password_changed_at FROM users WHERE {condition}",
        (value,),
    ).fetchone()
    return None if row is None else Account(User(id=row[0], email=row[1]), row[2], row[3])


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def unix_now() -> int:
    """Seconds since 1970-01-01T00:00:00Z."""
    return int(time.time())
