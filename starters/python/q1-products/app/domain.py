"""A product, its id, and the body that creates one."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

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


JsonText = Annotated[str, AfterValidator(_unicode_text)]


class Product(BaseModel):
    """A stored product, exactly as the API returns it."""

    id: int
    name: str
    description: str
    price: float


class NewProduct(BaseModel):
    """Body of `POST /products`. Unknown fields, `id` included, are ignored.

    Today only the JSON types are checked: strict mode, so `"19.99"` is not a
    price and `42` is not a name.
    """

    # TODO(q1): enforce the field rules, for create and for full update, and
    # answer 422 with a message naming the field when one is broken:
    # - `name`: required; trimmed length 1..=100 characters (Unicode
    #   characters, not bytes);
    # - `description`: optional, default ""; at most 1000 characters;
    # - `price`: required number, 0 <= price <= 1000000, at most 2 decimal
    #   places, returned exactly as sent (19.99 stays 19.99).
    # Declaring the rules on the model (pydantic's `Field`, `StringConstraints`,
    # validators) means code past this point never has to check again.
    model_config = ConfigDict(strict=True, allow_inf_nan=False)

    name: JsonText
    description: JsonText = ""
    price: float
