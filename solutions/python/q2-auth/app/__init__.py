"""Q2 user service: registration, login with JWT access tokens, protected
routes, password reset by email and login throttling, over SQLite.

Where things live:
- `startup.py`: builds the app and holds the whole route table;
- `routes/`: one file per concern, each handler a thin translation between
  HTTP and the rest;
- `domain.py`: the user types and the request bodies (pydantic models),
  with every field rule;
- `auth/`: bcrypt, JWTs, the `CurrentUser` dependency, login throttling;
- `storage.py`: the SQLite schema and queries;
- `mail.py`: the outbox;
- `errors.py`: the errors handlers raise, and how each becomes an HTTP
  response;
- `json_body.py`: the body rules (JSON only, 1 MiB);
- `access_log.py`: one log line per request, without secrets;
- `deps.py`: what handlers receive; `settings.py`: configuration.
"""
