"""Login throttling: after `LOGIN_MAX_FAILURES` failed logins for one email
within `LOGIN_LOCKOUT_SECS`, every login for that email is refused (429)
for `LOGIN_LOCKOUT_SECS`, even with the right password.

The key is the email in canonical form, whether or not an account has it:
locking only existing accounts would tell who has one. Records live in
memory (they are lost on restart, which only shortens a lockout); every
call happens on the event loop thread, so no lock is needed.
"""

import math
import time
from dataclasses import dataclass


@dataclass
class _Record:
    failures: int
    # When the first counted failure happened: the window opens there.
    window_start: float
    # Until when logins are refused, once `failures` reached the limit.
    locked_until: float | None = None


class LoginThrottle:
    def __init__(self, max_failures: int, lockout_secs: int, clock=time.monotonic) -> None:
        self._max_failures = max_failures
        self._lockout_secs = lockout_secs
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._last_purge = clock()

    def retry_after(self, email: str) -> int | None:
        """Whole seconds until logins for `email` are accepted again (at
        least 1), or `None` when they are accepted now."""
        record = self._records.get(email)
        if record is None or record.locked_until is None:
            return None
        remaining = record.locked_until - self._clock()
        return max(1, math.ceil(remaining)) if remaining > 0 else None

    def failed(self, email: str) -> None:
        """Counts one failure. Failures are counted in a window that opens
        at the first one; the `max_failures`-th within it starts a lockout.
        A failure during a lockout never extends it."""
        now = self._clock()
        self._purge(now)
        record = self._records.get(email)
        if record is not None and self.retry_after(email) is not None:
            return
        if (
            record is None
            or record.locked_until is not None
            or now - record.window_start >= self._lockout_secs
        ):
            record = self._records[email] = _Record(failures=0, window_start=now)
        record.failures += 1
        if record.failures >= self._max_failures:
            record.locked_until = now + self._lockout_secs

    def succeeded(self, email: str) -> None:
        """A successful login resets the count."""
        self._records.pop(email, None)

    def _purge(self, now: float) -> None:
        """Forgets expired records, at most once a minute, so that memory
        holds only the emails failing now."""
        if now - self._last_purge < 60:
            return
        self._last_purge = now
        expired = [
            email
            for email, record in self._records.items()
            if now - max(record.window_start, record.locked_until or 0) >= self._lockout_secs
        ]
        for email in expired:
            del self._records[email]
