"""The dependency every protected route takes: the user its access token
names.

    async def me(user: CurrentUser) -> User: ...

Refused with 401 and `WWW-Authenticate: Bearer`: no `Authorization`
header, another scheme, no token, a token `TokenIssuer.verify` refuses, a
`sub` that names no account, and a token issued before the account's last
password reset.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.auth.tokens import InvalidToken
from app.deps import StorageDep, TokensDep
from app.domain import User
from app.errors import Unauthenticated


async def current_user(request: Request, storage: StorageDep, tokens: TokensDep) -> User:
    # The scheme is case-insensitive (RFC 9110): `bearer` works too.
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated(
            "this route needs an access token: `Authorization: Bearer <token>`",
            token_sent=False,
        )
    try:
        claims = tokens.verify(token)
    except InvalidToken as err:
        raise Unauthenticated(str(err), token_sent=True) from None
    account = await storage.account_by_id(claims.user_id)
    if account is None:
        raise Unauthenticated("the access token is invalid", token_sent=True)
    # Whole seconds: a token issued in the same second as a reset survives
    # it, or the login right after the reset would be refused too.
    changed_at = account.password_changed_at
    if changed_at is not None and claims.issued_at < changed_at:
        raise Unauthenticated(
            "the access token was issued before the last password reset; log in again",
            token_sent=True,
        )
    return account.user


CurrentUser = Annotated[User, Depends(current_user)]
