"""The Q3 notes API on FastAPI with slowapi, served by uvicorn, written the
way slowapi's documentation shows, on the libraries' defaults where the
contract leaves a choice: in-memory storage, a fixed window, the client from
``get_remote_address`` (``request.client.host``), default limits applied by
``SlowAPIMiddleware``, slowapi's own JSON 429 handler, and
``uvicorn.run(app, host=..., port=...)`` with uvicorn's defaults (which
include trusting X-Forwarded-For from 127.0.0.1).

Adapted where the Q3 contract asks for it, with the libraries' own options:
the limit and the window from RATE_LIMIT_MAX_REQUESTS and
RATE_LIMIT_WINDOW_SECS, the rate-limit headers switched on (off by default),
/health exempt. No Redis support.

Part of the grader's fairness corpus (graders/q3-ratelimit/tests/frameworks.rs,
docs/fairness-q3.md): what it loses must be what the contract asks of it.
"""

import itertools
import os

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, Field
from slowapi import Limiter, _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded
from slowapi.middleware import SlowAPIMiddleware
from slowapi.util import get_remote_address

MAX_REQUESTS = int(os.environ.get("RATE_LIMIT_MAX_REQUESTS", "10"))
WINDOW_SECS = int(os.environ.get("RATE_LIMIT_WINDOW_SECS", "60"))

limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[f"{MAX_REQUESTS} per {WINDOW_SECS} seconds"],
    headers_enabled=True,
)
app = FastAPI()
app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)
app.add_middleware(SlowAPIMiddleware)

notes = {}
ids = itertools.count(1)


class NewNote(BaseModel):
    text: str = Field(min_length=1)


@app.get("/health")
@limiter.exempt
async def health(request: Request):
    return {"status": "ok"}


@app.get("/api/notes")
async def list_notes():
    return {"items": list(notes.values())}


@app.post("/api/notes", status_code=201)
async def create_note(new: NewNote):
    note = {"id": next(ids), "text": new.text}
    notes[note["id"]] = note
    return note


@app.get("/api/notes/{note_id}")
async def get_note(note_id: int):
    note = notes.get(note_id)
    if note is None:
        raise HTTPException(status_code=404, detail=f"no note with id {note_id}")
    return note


if __name__ == "__main__":
    uvicorn.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8080")),
    )
