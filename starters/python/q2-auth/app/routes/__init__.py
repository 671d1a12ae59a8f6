"""HTTP handlers, one file per concern. The route table is in `startup.py`.

Handlers only translate between HTTP and the rest: the rules live in
`domain.py`, the queries in `storage.py`, the status codes in `errors.py`.
"""
