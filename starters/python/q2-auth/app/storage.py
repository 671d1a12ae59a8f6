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
from pathlib import Path
from typing import TypeVar

from app.domain import User

T = TypeVar("T")

# How long a connection waits for another writer before giving up, seconds.
BUSY_TIMEOUT = 5.0

# Created on start when missing. `AUTOINCREMENT`: the id of a deleted
# account is never handed out again. Times are seconds since the epoch.
# TODO(q2): the database itself must enforce one account per email (a
# UNIQUE constraint, or `CREATE UNIQUE INDEX ... ON users (email)`), so that
# 10 simultaneous registrations of one email give one 201 and nine 409,
# never a 5xx. Checking "does it exist?" before inserting is a race.
# TODO(q2): the password reset (bonus) needs its own table: store a hash of
# each token (never the token), its expiry, and whether it was used. Login
# throttling (bonus) needs somewhere to count failures, here or in memory.
SCHEMA = """
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS users (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        email         TEXT    NOT NULL,
        password_hash TEXT    NOT NULL,
        created_at    INTEGER NOT NULL
    );
"""


class StorageError(Exception):
    """The database cannot be opened."""


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

    # TODO(q2): once email is unique, an insert of a taken email raises
    # `sqlite3.IntegrityError`: tell the caller (an exception of your own),
    # so the route answers 409 instead of 500.
    async def insert_user(self, email: str, password_hash: str) -> User:
        """Creates an account and returns it."""

        def insert(conn: sqlite3.Connection) -> User:
            row = conn.execute(
                "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)"
                " RETURNING id, email",
                (email, password_hash, unix_now()),
            ).fetchone()
            return User(id=row[0], email=row[1])

        return await self._run(insert)

    async def get_user(self, user_id: int) -> User | None:
        """`None` when no account has this id."""

        def select(conn: sqlite3.Connection) -> User | None:
            row = conn.execute("SELECT id, email FROM users WHERE id = ?", (user_id,)).fetchone()
            return User(id=row[0], email=row[1]) if row else None

        return await self._run(select)

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


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT)


def unix_now() -> int:
    """Seconds since 1970-01-01T00:00:00Z."""
    return int(time.time())
