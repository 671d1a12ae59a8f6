"""Q1 products service: a small JSON API over SQLite.

Where things live:
- `api`: builds the FastAPI app; the whole route table;
- `routes/`: one file per concern, each handler a thin translation between
  HTTP and the `storage` functions;
- `domain`: the product types the rest of the code agrees on;
- `storage`: the SQLite schema and every query;
- `errors`: the errors handlers raise, and how every error becomes an HTTP
  response;
- `body_limit`: the 1 MiB request body limit;
- `settings`: configuration read from the environment.
"""
