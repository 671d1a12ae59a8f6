"""`POST /auth/register`: creates an account."""

import logging

from fastapi import Response

from app.deps import HasherDep, StorageDep
from app.domain import NewUser, User
from app.errors import EmailTaken
from app.storage import DuplicateEmail

log = logging.getLogger(__name__)


async def register(
    new_user: NewUser, storage: StorageDep, hasher: HasherDep, response: Response
) -> User:
    """201 with `{"id", "email"}` and a `Location`; 422 naming the field for
    an invalid email or password; 409 for a taken email."""
    # Hash first, then insert: the unique index, not a prior lookup, decides
    # who gets an email, so simultaneous registrations cannot both win.
    password_hash = await hasher.hash(new_user.password)
    try:
        user = await storage.insert_user(new_user.email, password_hash)
    except DuplicateEmail:
        raise EmailTaken("an account with this email already exists", field="email") from None
    log.info("registered user %d", user.id)
    response.headers["Location"] = f"/users/{user.id}"
    return user
