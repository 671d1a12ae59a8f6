"""`/products` and `/products/{id}`: create, read, list, update and delete.

Handlers only translate between HTTP and the storage: the rules live in
`domain`, the queries in `storage`, the status codes in `errors`. They are
plain `def`s: FastAPI runs them on its thread pool, so a slow disk never
blocks the event loop.
"""

from email.message import Message
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.domain import Product, ProductIn, ProductPage, ProductPatch, parse_product_id
from app.errors import ProductNotFound, UnsupportedMediaType
from app.storage import Storage


def _storage(request: Request) -> Storage:
    return request.app.state.storage


def _product_id(product_id: str) -> int:
    """The id in the path; one that cannot be an id names no product."""
    parsed = parse_product_id(product_id)
    if parsed is None:
        raise ProductNotFound(product_id)
    return parsed


def _json_body(request: Request) -> None:
    """415 unless the body is declared JSON. FastAPI would read a body sent
    as `text/plain` (or with no Content-Type) as raw bytes and answer 422."""
    header = Message()
    header["content-type"] = request.headers.get("content-type", "")
    if header.get_content_type() != "application/json":
        raise UnsupportedMediaType()


StorageDep = Annotated[Storage, Depends(_storage)]
ProductId = Annotated[int, Depends(_product_id)]
JSON_BODY = [Depends(_json_body)]

router = APIRouter(prefix="/products")


@router.post("", status_code=201, dependencies=JSON_BODY)
def create_product(body: ProductIn, storage: StorageDep, response: Response) -> Product:
    """201 with the stored product and its URL in `Location`."""
    product = storage.insert_product(body)
    response.headers["Location"] = f"/products/{product.id}"
    return product


@router.get("/{product_id}")
def get_product(product_id: ProductId, storage: StorageDep) -> Product:
    product = storage.get_product(product_id)
    if product is None:
        raise ProductNotFound(str(product_id))
    return product


@router.put("/{product_id}", dependencies=JSON_BODY)
def replace_product(product_id: ProductId, body: ProductIn, storage: StorageDep) -> Product:
    """Full replacement: a field left out gets its default, as on create."""
    product = storage.replace_product(product_id, body)
    if product is None:
        raise ProductNotFound(str(product_id))
    return product


@router.patch("/{product_id}", dependencies=JSON_BODY)
def patch_product(product_id: ProductId, body: ProductPatch, storage: StorageDep) -> Product:
    """Only the fields sent change."""
    product = storage.patch_product(product_id, body)
    if product is None:
        raise ProductNotFound(str(product_id))
    return product


@router.delete("/{product_id}", status_code=204)
def delete_product(product_id: ProductId, storage: StorageDep) -> Response:
    if not storage.delete_product(product_id):
        raise ProductNotFound(str(product_id))
    return Response(status_code=204)


@router.get("")
def list_products(
    storage: StorageDep,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    name: Annotated[str | None, Query(description="case-insensitive part of the name")] = None,
) -> ProductPage:
    """A page of products, oldest first; `total` counts every match."""
    items, total = storage.list_products(
        name_contains=name, limit=per_page, offset=(page - 1) * per_page
    )
    return ProductPage(items=items, page=page, per_page=per_page, total=total)
