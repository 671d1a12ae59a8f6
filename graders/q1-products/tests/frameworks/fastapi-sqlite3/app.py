"""Products API (exercise Q1) on FastAPI, pydantic and the standard sqlite3.

Part of the grader's fairness corpus: written the way a FastAPI developer
would, on the framework's defaults (422 with pydantic's error list for a bad
field or a path id that is not an integer, `{"detail": ...}` bodies, the
405 and 404 answers FastAPI gives), changed only where the contract asks
for something else (400 for malformed JSON, 415, 413, 201 and 204).

Run: HOST, PORT and DATABASE_PATH as in the contract; `python3 app.py`.
"""

import os
import sqlite3
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

DATABASE_PATH = os.environ.get("DATABASE_PATH", "./data.db")
MAX_BODY_BYTES = 1024 * 1024
# SQLite integers are 64-bit: a larger id cannot name a product.
MAX_ID = 2**63 - 1

app = FastAPI(title="Products")


# --- Storage -------------------------------------------------------------------


def connect() -> sqlite3.Connection:
    db = sqlite3.connect(DATABASE_PATH, timeout=30, check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def init_db() -> None:
    db = connect()
    with db:
        db.execute(
            """CREATE TABLE IF NOT EXISTS products (
                   id          INTEGER PRIMARY KEY AUTOINCREMENT,
                   name        TEXT NOT NULL,
                   description TEXT NOT NULL DEFAULT '',
                   price       REAL NOT NULL
               )"""
        )
    db.close()


def get_db():
    db = connect()
    try:
        yield db
    finally:
        db.close()


Db = Annotated[sqlite3.Connection, Depends(get_db)]
ProductId = Annotated[int, Path(le=MAX_ID)]


# --- Models ----------------------------------------------------------------------

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Description = Annotated[str, StringConstraints(max_length=1000)]
Price = Annotated[float, Field(ge=0, le=1_000_000)]


def two_decimals(price: float | None) -> float | None:
    if price is not None and round(price, 2) != price:
        raise ValueError("price must have at most 2 decimal places")
    return price


class ProductIn(BaseModel):
    # Strict: "19.99" is not a price, 42 is not a name (the contract wants JSON types).
    model_config = ConfigDict(strict=True)

    name: Name
    description: Description = ""
    price: Price

    _two_decimals = field_validator("price")(two_decimals)


class ProductPatch(BaseModel):
    model_config = ConfigDict(strict=True)

    name: Name | None = None
    description: Description | None = None
    price: Price | None = None

    _two_decimals = field_validator("price")(two_decimals)


class Product(BaseModel):
    id: int
    name: str
    description: str
    price: float


class ProductPage(BaseModel):
    items: list[Product]
    page: int
    per_page: int
    total: int


def find(db: sqlite3.Connection, product_id: int) -> Product:
    row = db.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail=f"Product {product_id} not found")
    return Product(**dict(row))


# --- What the contract asks beyond FastAPI's defaults -------------------------------


@app.middleware("http")
async def body_rules(request: Request, call_next):
    """413 for bodies over 1 MiB, 415 for bodies declared as something else than JSON."""
    if request.method in ("POST", "PUT", "PATCH"):
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse(status_code=413, content={"detail": "Request body larger than 1 MiB"})
        content_type = request.headers.get("content-type")
        if content_type and content_type.split(";")[0].strip().lower() != "application/json":
            return JSONResponse(status_code=415, content={"detail": "Send JSON with Content-Type: application/json"})
    return await call_next(request)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError):
    """FastAPI answers 422 for malformed JSON too; the contract wants 400."""
    errors = jsonable_encoder(exc.errors())
    status = 400 if any(error.get("type") == "json_invalid" for error in errors) else 422
    return JSONResponse(status_code=status, content={"detail": errors})


# --- Routes ------------------------------------------------------------------------


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/products", status_code=201, response_model=Product)
def create_product(product: ProductIn, response: Response, db: Db):
    with db:
        cursor = db.execute(
            "INSERT INTO products (name, description, price) VALUES (?, ?, ?)",
            (product.name, product.description, product.price),
        )
    response.headers["Location"] = f"/products/{cursor.lastrowid}"
    return find(db, cursor.lastrowid)


@app.get("/products", response_model=ProductPage)
def list_products(
    db: Db,
    name: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
):
    where, params = "", []
    if name is not None:
        escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where, params = "WHERE name LIKE ? ESCAPE '\\'", [f"%{escaped}%"]
    total = db.execute(f"SELECT COUNT(*) FROM products {where}", params).fetchone()[0]
    rows = db.execute(
        f"SELECT * FROM products {where} ORDER BY id LIMIT ? OFFSET ?",
        [*params, per_page, min((page - 1) * per_page, MAX_ID)],
    ).fetchall()
    return ProductPage(
        items=[Product(**dict(row)) for row in rows], page=page, per_page=per_page, total=total
    )


@app.get("/products/{product_id}", response_model=Product)
def get_product(product_id: ProductId, db: Db):
    return find(db, product_id)


@app.put("/products/{product_id}", response_model=Product)
def replace_product(product_id: ProductId, product: ProductIn, db: Db):
    with db:
        cursor = db.execute(
            "UPDATE products SET name = ?, description = ?, price = ? WHERE id = ?",
            (product.name, product.description, product.price, product_id),
        )
    if cursor.rowcount == 0:
        raise HTTPException(status_code=404, detail=f"Product {product_id} not found")
    return find(db, product_id)


@app.patch("/products/{product_id}", response_model=Product)
def patch_product(product_id: ProductId, patch: ProductPatch, db: Db):
    changes = patch.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        raise HTTPException(status_code=422, detail="name, description and price cannot be null")
    current = find(db, product_id)
    updated = current.model_copy(update=changes)
    with db:
        db.execute(
            "UPDATE products SET name = ?, description = ?, price = ? WHERE id = ?",
            (updated.name, updated.description, updated.price, product_id),
        )
    return find(db, product_id)


@app.delete("/products/{product_id}", status_code=204)
def delete_product(product_id: ProductId, db: Db):
    with db:
        cursor = db.execute("DELETE FROM products WHERE id = ?", (product_id,))
    if cursor.rowcount == 0:
        raise HTTPException(status_code=404, detail=f"Product {product_id} not found")
    return Response(status_code=204)


if __name__ == "__main__":
    init_db()
    uvicorn.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8080")),
        log_level="warning",
    )
