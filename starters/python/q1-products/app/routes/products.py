"""`/products` and `/products/{id}`: create, read and list products.

Handlers only translate between HTTP and the storage: the rules live in
`domain`, the queries in `storage`, the status codes in `errors`. They are
plain `def`s: FastAPI runs them on its thread pool, so a slow disk never
blocks the event loop.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from app.domain import NewProduct, Product, parse_product_id
from app.errors import ProductNotFound
from app.storage import Storage

router = APIRouter(prefix="/products")


def _storage(request: Request) -> Storage:
    return request.app.state.storage


StorageDep = Annotated[Storage, Depends(_storage)]


@router.post("", status_code=201)
def create_product(body: NewProduct, storage: StorageDep) -> Product:
    """201 with the stored product."""
    return storage.insert_product(body)


@router.get("/{product_id}")
def get_product(product_id: str, storage: StorageDep) -> Product:
    """200 with the product, 404 for an unknown id."""
    parsed = parse_product_id(product_id)
    product = None if parsed is None else storage.get_product(parsed)
    if product is None:
        raise ProductNotFound(product_id)
    return product


# TODO(q1): `PUT /products/{id}` (200 with the product after a full
# replacement, same rules as create; 404 for an unknown id) and
# `DELETE /products/{id}` (204 with an empty body; 404 for an unknown or
# already deleted id). Bonus: `PATCH /products/{id}`, where only the fields
# sent change, each checked with its create rule.


class ProductList(BaseModel):
    """Body of `GET /products`."""

    items: list[Product]
    total: int


# TODO(q1): paginate with `?page=` (>= 1, default 1) and `?per_page=`
# (1..=100, default 20); anything else, e.g. 0, -1, 101 or `abc`, is 400
# naming the parameter. Answer `{"items", "page", "per_page", "total"}`; a
# page past the end is 200 with no items and the right total. Bonus:
# `?name=` keeps the products whose name contains the term, ignoring case,
# and `total` counts that filtered set.
@router.get("")
def list_products(storage: StorageDep) -> ProductList:
    """Every product, oldest first."""
    items = storage.list_products()
    return ProductList(items=items, total=len(items))
