"""HTTP handlers, one file per concern. The route table is in `app/api.py`."""
