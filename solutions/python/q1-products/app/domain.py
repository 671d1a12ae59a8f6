"""A product, its id, and the bodies that create and change one.

The field rules are declared on the types, so FastAPI checks them at the
boundary: past a handler's signature, every value is valid.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

# SQLite integers are 64-bit: a larger number cannot be the id of a product.
MAX_PRODUCT_ID = 2**63 - 1


def parse_product_id(raw: str) -> int | None:
    """Reads an id from a URL segment. `None` when it cannot be an id (`abc`,
    `1.5`, a number too large): such an id names no product, so callers
    answer 404."""
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_PRODUCT_ID:
        return int(raw)
    return None


def _unicode_text(text: str) -> str:
    # Python's JSON parser lets a lone surrogate (`"\ud800"`) through; it is
    # not text, and SQLite could not store it.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return text


def _two_decimals(price: float) -> float:
    # `repr` is the shortest text that reads back as this float, i.e. the
    # number as the client wrote it: 19.99 has 2 decimals, 19.999 has 3.
    if Decimal(repr(price)).as_tuple().exponent < -2:
        raise ValueError("must have at most 2 decimal places")
    return price


# Lengths count Unicode characters (code points), not bytes.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_unicode_text),
]
Description = Annotated[str, StringConstraints(max_length=1000), AfterValidator(_unicode_text)]
# Stored as a float: 19.99 reads back as exactly the float 19.99 was parsed into.
Price = Annotated[float, Field(ge=0, le=1_000_000), AfterValidator(_two_decimals)]

# Strict: `"19.99"` is not a price and `42` is not a name; a JSON number
# too large for a float (`1e400`) is not a price either.
_STRICT_JSON = ConfigDict(strict=True, allow_inf_nan=False)


class Product(BaseModel):
    """A stored product, exactly as the API returns it."""

    id: int
    name: str
    description: str
    price: float


class ProductIn(BaseModel):
    """Body of `POST /products` and `PUT /products/{id}`. Unknown fields,
    `id` included, are ignored."""

    model_config = _STRICT_JSON

    name: Name
    description: Description = ""
    price: Price


class ProductPatch(BaseModel):
    """Body of `PATCH /products/{id}`: the fields sent, each with its
    `ProductIn` rule. A field left out is `None`; `null` is not a value."""

    model_config = _STRICT_JSON

    name: Name | None = None
    description: Description | None = None
    price: Price | None = None

    # Runs only for fields that were sent: defaults are not validated.
    @field_validator("name", "description", "price")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("must not be null")
        return value


class ProductPage(BaseModel):
    """Body of `GET /products`."""

    items: list[Product]
    page: int
    per_page: int
    total: int
