"""`POST /auth/register`: creates an account."""

from fastapi import Response

from app.deps import StorageDep
from app.domain import NewUser, User


# TODO(q2): 409 when the email is taken (see `storage.py`).
async def register(new_user: NewUser, storage: StorageDep, response: Response) -> User:
    """201 with `{"id", "email"}` and a `Location`; 422 naming the field
    when `email` or `password` is missing or not a string."""

    # TODO(q2): SECURITY. This stores the password exactly as typed, in a
    # column that only pretends to hold a hash: anyone who reads the
    # database (a backup, a leaked file, an SQL injection elsewhere) gets
    # every user's password, and users reuse passwords across sites. Store a
    # bcrypt hash instead (cost 10 or more; argon2id is fine too): slow and
    # salted, so a stolen table costs an attacker years instead of seconds.
    # Hashing takes a noticeable fraction of a second of CPU: run it on a
    # worker thread (`await asyncio.to_thread(bcrypt.hashpw, ...)`), never
    # on the event loop, or a few logins stall every other request.
    password_hash = new_user.password

    user = await storage.insert_user(new_user.email, password_hash)
    response.headers["Location"] = f"/users/{user.id}"
    return user
