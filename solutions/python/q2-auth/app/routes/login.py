"""`POST /auth/login`: trades an email and a password for an access token."""

import logging

from fastapi import Response

from app.deps import HasherDep, StorageDep, ThrottleDep, TokensDep
from app.domain import Credentials, TokenResponse
from app.errors import InvalidCredentials, LoginThrottled
from app.storage import unix_now

log = logging.getLogger(__name__)


async def login(
    credentials: Credentials,
    response: Response,
    storage: StorageDep,
    hasher: HasherDep,
    tokens: TokensDep,
    throttle: ThrottleDep,
) -> TokenResponse:
    """200 with an access token; 401 for a wrong password and an unknown
    email alike (same status, same body, same bcrypt work); 429 with
    `Retry-After` while the email is locked out, even with the right
    password."""
    email = credentials.email
    if (retry_after := throttle.retry_after(email)) is not None:
        raise LoginThrottled(retry_after)

    account = await storage.account_by_email(email)
    # No account still costs a bcrypt check (a dummy hash): an unknown email
    # takes as long as a wrong password, so timing reveals no account.
    verified = await hasher.verify(
        credentials.password, account.password_hash if account else None
    )
    if account is None or not verified:
        throttle.failed(email)
        raise InvalidCredentials()
    # Failures that raced this login may have locked the email meanwhile.
    if (retry_after := throttle.retry_after(email)) is not None:
        raise LoginThrottled(retry_after)
    throttle.succeeded(email)

    log.info("user %d logged in", account.user.id)
    # A token is a credential: no cache may keep a copy (RFC 6749 5.1).
    response.headers["Cache-Control"] = "no-store"
    return TokenResponse(
        access_token=tokens.issue(account.user.id, unix_now()),
        expires_in=tokens.ttl_secs,
    )
