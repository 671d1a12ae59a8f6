"""Q3 notes service: a small JSON API, in memory, behind a rate limiter.

Where things live:
- `api`: builds the FastAPI app; the whole route table, the middleware;
- `rate_limit`: the rate-limiter middleware around `/api/`;
- `routes/`: one file per concern, each handler a thin translation between
  HTTP and the `storage` functions;
- `domain`: the note types the rest of the code agrees on;
- `storage`: the notes, in memory;
- `errors`: the errors handlers raise, and how every error becomes an HTTP
  response;
- `body_limit`: the 1 MiB request body limit;
- `settings`: configuration read from the environment.
"""
