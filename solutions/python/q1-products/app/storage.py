"""SQLite storage for products: the schema and every query the service runs.

Each call opens its own connection (microseconds for SQLite), so the
handlers, which FastAPI runs on its thread pool, never share one. WAL mode
and a busy timeout let concurrent requests write without "database is
locked" errors. Every value is a bound parameter (`?`), never SQL text.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.domain import MAX_PRODUCT_ID, Product, ProductIn, ProductPatch

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

# SQLite's `lower()` and `LIKE` fold ASCII only; Python's `casefold` knows
# every script. `instr` matches the term literally: `%` and `_` are no
# wildcards there, so nothing needs escaping.
NAME_FILTER = "instr(casefold(name), ?) > 0"


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

    def insert_product(self, new: ProductIn) -> Product:
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

    def list_products(
        self, *, name_contains: str | None, limit: int, offset: int
    ) -> tuple[list[Product], int]:
        """One page of products, oldest first, and how many match in all."""
        where, params = "", ()
        if name_contains:
            where, params = f"WHERE {NAME_FILTER}", (name_contains.casefold(),)
        # A page far past the end still answers an empty page, not an overflow.
        offset = min(offset, MAX_PRODUCT_ID)
        with self._connect() as conn:
            (total,) = conn.execute(f"SELECT COUNT(*) FROM products {where}", params).fetchone()
            rows = conn.execute(
                f"SELECT {PRODUCT_COLUMNS} FROM products {where} ORDER BY id LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [_product(row) for row in rows], total

    def replace_product(self, product_id: int, new: ProductIn) -> Product | None:
        """`None` when no product has this id (nothing is created)."""
        with self._connect() as conn:
            row = conn.execute(
                f"UPDATE products SET name = ?, description = ?, price = ? WHERE id = ?"
                f" RETURNING {PRODUCT_COLUMNS}",
                (new.name, new.description, new.price, product_id),
            ).fetchone()
        return None if row is None else _product(row)

    def patch_product(self, product_id: int, patch: ProductPatch) -> Product | None:
        """Changes the fields `patch` holds, in one atomic statement; `None`
        when no product has this id."""
        with self._connect() as conn:
            # `NULL` (a field not sent) keeps the current value.
            row = conn.execute(
                f"UPDATE products SET name = coalesce(?, name),"
                f" description = coalesce(?, description), price = coalesce(?, price)"
                f" WHERE id = ? RETURNING {PRODUCT_COLUMNS}",
                (patch.name, patch.description, patch.price, product_id),
            ).fetchone()
        return None if row is None else _product(row)

    def delete_product(self, product_id: int) -> bool:
        """Whether a product had this id."""
        with self._connect() as conn:
            cursor = conn.execute("DELETE FROM products WHERE id = ?", (product_id,))
        return cursor.rowcount > 0

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection; commits if the block succeeds, rolls back if
        it raises, and is closed either way."""
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_SECS)
        conn.row_factory = sqlite3.Row
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        try:
            with conn:
                yield conn
        finally:
            conn.close()


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _product(row: sqlite3.Row) -> Product:
    return Product(**row)
