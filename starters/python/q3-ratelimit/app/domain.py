"""A note, its id, and the body that creates one."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


def parse_note_id(raw: str) -> int | None:
    """Reads an id from a URL segment. `None` when it is not a number: such
    an id names no note, so callers answer 404."""
    return int(raw) if raw.isascii() and raw.isdigit() else None


class Note(BaseModel):
    """A stored note, exactly as the API returns it."""

    id: int
    text: str


class NewNote(BaseModel):
    """Body of `POST /api/notes`. Unknown fields are ignored."""

    # Strict: `42` is not a text.
    model_config = ConfigDict(strict=True)

    # Something besides whitespace; stored trimmed.
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
