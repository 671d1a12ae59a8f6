"""Everything about proving who a request comes from: password hashing
(`passwords.py`), access tokens (`tokens.py`), the dependency protected
routes take (`current_user.py`) and login throttling (`throttle.py`)."""
