"""The user types and the request bodies, as pydantic models.

FastAPI parses each body into its model before the handler runs: a missing
field or a wrong type is a 422 naming the field (see `errors.py`), so the
handlers only ever see well-typed values.
"""

from pydantic import BaseModel


class User(BaseModel):
    """An account, exactly as the API returns it: never its password or hash."""

    id: int
    email: str


class NewUser(BaseModel):
    """Body of `POST /auth/register`. Only checks that both fields are strings."""

    # TODO(q2): validate, and answer 422 naming the field when a rule is
    # broken (a `field_validator` raising `PydanticCustomError("email",
    # "email must ...")` does it: `errors.py` turns it into a 422):
    # - `email`: trimmed and lower-cased before it is stored or compared
    #   (`Ann@Example.com ` and `ann@example.com` are one account); shaped
    #   like `local@domain.tld` (one `@`, non-empty parts, a dot in the
    #   domain); at most 254 characters;
    # - `password`: at least 8 characters; and bcrypt reads only the first
    #   72 bytes, so a longer password must be refused (or every byte made
    #   to count): silent truncation lets anyone in with the first 72 bytes.
    #   72 bytes of UTF-8, not 72 characters: `len(password.encode())`.
    # A `SecretStr` keeps the password out of `repr()` and so out of logs.
    email: str
    password: str


def parse_user_id(raw: str) -> int | None:
    """Reads an id from a URL segment. `None` when it is not a number
    SQLite can hold."""
    if raw.isascii() and raw.isdigit() and int(raw) < 2**63:
        return int(raw)
    return None
