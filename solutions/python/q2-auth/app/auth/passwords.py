"""bcrypt hashing and verification, on worker threads.

bcrypt is slow on purpose (cost 12: about a quarter of a second of CPU).
Run on the event loop it would stall every other request, so each call
goes to a worker thread (`asyncio.to_thread`; bcrypt releases the GIL
while it works), and `/health` keeps answering in milliseconds while
logins hash.
"""

import asyncio
import secrets

import bcrypt
from pydantic import SecretStr

from app.domain import MAX_PASSWORD_BYTES

BCRYPT_COST = 12


class PasswordHasher:
    def __init__(self, cost: int = BCRYPT_COST) -> None:
        self._cost = cost
        # Verified when no account has the email, so that an unknown email
        # costs the same bcrypt work as a wrong password: response times
        # must not tell which emails have accounts.
        self._dummy_hash = bcrypt.hashpw(secrets.token_urlsafe(16).encode(), bcrypt.gensalt(cost))

    async def hash(self, password: SecretStr) -> str:
        """A salted bcrypt hash (`$2b$12$...`). The password must fit in 72
        bytes: `domain.NewPassword` guarantees it."""
        secret = password.get_secret_value().encode()
        hashed = await asyncio.to_thread(bcrypt.hashpw, secret, bcrypt.gensalt(self._cost))
        return hashed.decode()

    async def verify(self, password: SecretStr, password_hash: str | None) -> bool:
        """Whether `password` matches `password_hash`. `None` (no such
        account) and a password no account can have (over 72 bytes) are
        `False`, after the same work as a real check."""
        secret = password.get_secret_value().encode()
        usable = password_hash is not None and len(secret) <= MAX_PASSWORD_BYTES
        if not usable:
            secret, target = b"not the dummy password", self._dummy_hash
        else:
            target = password_hash.encode()
        matches = await asyncio.to_thread(bcrypt.checkpw, secret, target)
        return usable and matches
