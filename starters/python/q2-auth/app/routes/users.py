"""`GET /users/{id}`: an account."""

from app.deps import StorageDep
from app.domain import User, parse_user_id
from app.errors import UserNotFound


# TODO(q2): this answers anyone, about any account. Require an access token
# (`Authorization: Bearer <token>`, the scheme in any case) and answer 200
# only when `{id}` is the token's own user; 403 for any other id, whether an
# account has it or not (a 404 would tell who exists); 401 with a
# `WWW-Authenticate: Bearer` header when the token is missing or bad. Also
# add `GET /users/me`, the token's own account.
# Checking the token belongs in one place that every protected route goes
# through: a dependency (`current_user: Annotated[User,
# Depends(authenticated_user)]` as an argument) does it. It must refuse:
# another scheme, a malformed token, a bad signature, another secret,
# `alg: none`, any algorithm but HS256, a missing or past `exp`, a future
# `nbf`, a `sub` that names no user, and (bonus) a token issued before the
# user's last password reset.
async def get_user(user_id: str, storage: StorageDep) -> User:
    """200 with `{"id", "email"}`; 404 for an unknown id."""
    user_id_number = parse_user_id(user_id)
    # Not a number: it names no account either.
    user = None if user_id_number is None else await storage.get_user(user_id_number)
    if user is None:
        raise UserNotFound(f"no user with id `{user_id}`")
    return user
