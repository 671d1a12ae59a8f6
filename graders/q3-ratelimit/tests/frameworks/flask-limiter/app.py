"""The Q3 notes API on Flask with Flask-Limiter, written the way the
extension's documentation shows, on its defaults where the contract leaves
a choice: in-memory storage, the client from ``get_remote_address`` (the TCP
peer, no ProxyFix), default limits applied to every endpoint, the limiter
checked before the view runs, Flask's own server.

Adapted where the Q3 contract asks for it, with the extension's own
options: the limit and the window from RATE_LIMIT_MAX_REQUESTS and
RATE_LIMIT_WINDOW_SECS, the ``moving-window`` strategy (the contract asks
for a rolling window; the default is a fixed one), the rate-limit headers
switched on (off by default), /health exempt, JSON errors (the 429
included). No Redis support.

Part of the grader's fairness corpus (graders/q3-ratelimit/tests/frameworks.rs,
docs/fairness-q3.md): what it loses must be what the contract asks of it.
"""

import itertools
import os
import threading

from flask import Flask, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

MAX_REQUESTS = int(os.environ.get("RATE_LIMIT_MAX_REQUESTS", "10"))
WINDOW_SECS = int(os.environ.get("RATE_LIMIT_WINDOW_SECS", "60"))

app = Flask(__name__)
limiter = Limiter(
    get_remote_address,
    app=app,
    default_limits=[f"{MAX_REQUESTS} per {WINDOW_SECS} seconds"],
    strategy="moving-window",
    headers_enabled=True,
    storage_uri="memory://",
)

notes = {}
ids = itertools.count(1)
lock = threading.Lock()


@app.get("/health")
@limiter.exempt
def health():
    return {"status": "ok"}


@app.get("/api/notes")
def list_notes():
    with lock:
        return {"items": list(notes.values())}


@app.post("/api/notes")
def create_note():
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return {"error": "text must be a non-empty string"}, 422
    with lock:
        note = {"id": next(ids), "text": text}
        notes[note["id"]] = note
    return note, 201


@app.get("/api/notes/<int:note_id>")
def get_note(note_id):
    with lock:
        note = notes.get(note_id)
    if note is None:
        return {"error": f"no note with id {note_id}"}, 404
    return note


@app.errorhandler(429)
def too_many_requests(error):
    return jsonify(error=f"too many requests: {error.description}"), 429


@app.errorhandler(HTTPException)
def http_error(error):
    return jsonify(error=error.description), error.code


if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8080")),
        threaded=True,
    )
