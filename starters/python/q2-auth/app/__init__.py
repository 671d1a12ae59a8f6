"""Q2 user service: registration and accounts over SQLite, where login,
tokens and most of the security are still to be written.

Where things live:
- `startup.py`: builds the app and holds the whole route table;
- `routes/`: one file per concern, each handler a thin translation between
  HTTP and the `storage.py` functions;
- `domain.py`: the user types and the request bodies (pydantic models);
- `errors.py`: the errors handlers raise, and how each becomes an HTTP
  response;
- `json_body.py`: the body rules (JSON only, 1 MiB);
- `deps.py`: what handlers receive (the storage, the settings);
- `settings.py`: configuration.
"""
