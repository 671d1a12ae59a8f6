"""The user types and the request bodies, as pydantic models.

FastAPI parses each body into its model before the handler runs, so the
handlers only ever see valid values: an `Email` is canonical (trimmed,
lower-cased, shaped like an address), a `NewPassword` fits bcrypt. A broken
rule, a missing field or a wrong type is a 422 naming the field (see
`errors.py`); the messages below name the rule, never the value.
Passwords are `SecretStr`: their `repr()`, and so any log line, shows
`**********`.
"""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, SecretStr, ValidationInfo
from pydantic_core import PydanticCustomError

# bcrypt reads only the first 72 bytes: a longer password is refused, or a
# login with the same first 72 bytes and any tail would succeed.
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_CHARS = 8
MAX_EMAIL_CHARS = 254
MAX_LOCAL_PART_CHARS = 64


def canonical_email(raw: str) -> str:
    """Trimmed and lower-cased: `Ann@Example.com ` and `ann@example.com`
    are one account, at registration, login and reset alike."""
    return raw.strip().lower()


def _email(raw: str) -> str:
    email = canonical_email(raw)
    if len(email) > MAX_EMAIL_CHARS:
        raise PydanticCustomError(
            "email", "email must be at most {limit} characters", {"limit": MAX_EMAIL_CHARS}
        )
    local, _, domain = email.partition("@")
    labels = domain.split(".")
    if (
        email.count("@") != 1
        or not local
        or len(local) > MAX_LOCAL_PART_CHARS
        or len(labels) < 2
        or not all(labels)
        # It ends up in an email header: no spaces, no control characters.
        or any(c.isspace() or not c.isprintable() for c in email)
    ):
        raise PydanticCustomError("email", "email must look like name@example.com")
    return email


def _new_password(password: SecretStr, info: ValidationInfo) -> SecretStr:
    value = password.get_secret_value()
    if len(value) < MIN_PASSWORD_CHARS:
        raise PydanticCustomError(
            "password",
            "{field} must be at least {min} characters",
            {"field": info.field_name, "min": MIN_PASSWORD_CHARS},
        )
    if len(value.encode()) > MAX_PASSWORD_BYTES:
        raise PydanticCustomError(
            "password",
            "{field} must be at most {max} bytes of UTF-8 (bcrypt ignores the rest)",
            {"field": info.field_name, "max": MAX_PASSWORD_BYTES},
        )
    return password


Email = Annotated[str, AfterValidator(_email)]
# Any string; compared in canonical form. Not checked further: a login or
# reset with something that is no email just finds no account.
EmailLookup = Annotated[str, AfterValidator(canonical_email)]
NewPassword = Annotated[SecretStr, AfterValidator(_new_password)]


class User(BaseModel):
    """An account, exactly as the API returns it: never its password or hash."""

    id: int
    email: str


class NewUser(BaseModel):
    """Body of `POST /auth/register`."""

    email: Email
    password: NewPassword


class Credentials(BaseModel):
    """Body of `POST /auth/login`. No rules beyond the types: a password
    no account can have is simply wrong."""

    email: EmailLookup
    password: SecretStr


class TokenResponse(BaseModel):
    """Body of a successful login (RFC 6749's token response)."""

    access_token: str
    token_type: str = "Bearer"
    # Seconds until the token expires.
    expires_in: int


class ResetRequest(BaseModel):
    """Body of `POST /auth/password-reset`."""

    email: EmailLookup


class ResetConfirmation(BaseModel):
    """Body of `POST /auth/password-reset/confirm`."""

    token: SecretStr
    new_password: NewPassword


def parse_user_id(raw: str) -> int | None:
    """Reads an id from a URL segment or a token's `sub`. `None` when it is
    not a number SQLite can hold."""
    if raw.isascii() and raw.isdigit() and int(raw) < 2**63:
        return int(raw)
    return None
