"""SQLite storage for products: the schema and every query the service runs.

Each call opens its own connection (microseconds for SQLite), so the
handlers, which FastAPI runs on its thread pool, never share one. WAL mode
and a busy timeout let concurrent requests write without "database is
locked" errors.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain import NewProduct, Product

# How long a connection waits for another writer before giving up.
BUSY_TIMEOUT_SECS = 5.0

# Created on start when missing. `AUTOINCREMENT` guarantees that the id of a
# deleted product is never handed out again.
SCHEMA = """
    CREATE TABLE IF NOT EXISTS products (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        description TEXT    NOT NULL,
        price       REAL    NOT NULL
    )
"""

PRODUCT_COLUMNS = "id, name, description, price"


class Storage:
    """Handle to the product database; shared by every request."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @classmethod
    def open(cls, path: Path) -> "Storage":
        """Opens (or creates) the database file and makes sure the schema exists."""
        storage = cls(path)
        with storage._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(SCHEMA)
        return storage

    def insert_product(self, new: NewProduct) -> Product:
        with self._connect() as conn:
            row = conn.execute(
                f"INSERT INTO products (name, description, price) VALUES (?, ?, ?)"
                f" RETURNING {PRODUCT_COLUMNS}",
                (new.name, new.description, new.price),
            ).fetchone()
        return _product(row)

    def get_product(self, product_id: int) -> Product | None:
        """`None` when no product has this id."""
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?", (product_id,)
            ).fetchone()
        return None if row is None else _product(row)

    # TODO(q1): the list endpoint needs a page of products instead (SQL
    # `LIMIT ? OFFSET ?`, still `ORDER BY id`), a count of the same filtered
    # set for `total`, and (bonus) a case-insensitive name filter matched
    # literally: with `LIKE`, escape `%`, `_` and the escape character in the
    # term and add an `ESCAPE` clause. Always bind values (`?`), never build
    # SQL from user input.
    def list_products(self) -> list[Product]:
        """Every product, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {PRODUCT_COLUMNS} FROM products ORDER BY id").fetchall()
        return [_product(row) for row in rows]

    # TODO(q1): update (full replacement) and delete, each telling the caller
    # whether the id existed so the route can answer 404. A single
    # `UPDATE ... WHERE id = ?` / `DELETE ... WHERE id = ?` is atomic;
    # `cursor.rowcount` is the number of rows changed.

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection; commits if the block succeeds, rolls back if
        it raises, and is closed either way."""
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_SECS)
        conn.row_factory = sqlite3.Row
        try:
            with conn:
                yield conn
        finally:
            conn.close()


def _product(row: sqlite3.Row) -> Product:
    return Product(**row)
