"""`GET /users/me` and `GET /users/{id}`: the caller's own account."""

from app.auth.current_user import CurrentUser
from app.domain import User, parse_user_id
from app.errors import Forbidden


async def me(user: CurrentUser) -> User:
    """200 with the token's user; 401 without a valid token."""
    return user


async def get_user(user_id: str, user: CurrentUser) -> User:
    """200 when `{id}` is the token's own user; 403 for any other id,
    whether an account has it or not (a 404 would tell who exists), and for
    ids that are not numbers; 401 without a valid token."""
    if parse_user_id(user_id) != user.id:
        raise Forbidden("you can only read your own account")
    return user
