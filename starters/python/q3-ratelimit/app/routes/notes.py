"""`/api/notes` and `/api/notes/{id}`: create, read and list notes.

Handlers only translate between HTTP and the storage: the rules live in
`domain`, the status codes in `errors`. They are `async`: the notes are in
memory, nothing here blocks.
"""

from email.message import Message
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from app.domain import NewNote, Note, parse_note_id
from app.errors import NoteNotFound, UnsupportedMediaType
from app.storage import Notes


def _notes(request: Request) -> Notes:
    return request.app.state.notes


def _json_body(request: Request) -> None:
    """415 unless the body is declared JSON. FastAPI would read a body sent
    as `text/plain` (or with no Content-Type) as raw bytes and answer 422."""
    header = Message()
    header["content-type"] = request.headers.get("content-type", "")
    if header.get_content_type() != "application/json":
        raise UnsupportedMediaType()


NotesDep = Annotated[Notes, Depends(_notes)]

router = APIRouter(prefix="/api/notes")


class NoteList(BaseModel):
    """Body of `GET /api/notes`."""

    items: list[Note]


@router.get("")
async def list_notes(notes: NotesDep) -> NoteList:
    """Every note, oldest first."""
    return NoteList(items=notes.list())


@router.post("", status_code=201, dependencies=[Depends(_json_body)])
async def create_note(body: NewNote, notes: NotesDep, response: Response) -> Note:
    """201 with the stored note and its URL in `Location`."""
    note = notes.insert(body)
    response.headers["Location"] = f"/api/notes/{note.id}"
    return note


@router.get("/{note_id}")
async def get_note(note_id: str, notes: NotesDep) -> Note:
    """200 with the note, 404 for an unknown id."""
    parsed = parse_note_id(note_id)
    note = None if parsed is None else notes.get(parsed)
    if note is None:
        raise NoteNotFound(note_id)
    return note
