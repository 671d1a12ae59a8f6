"""`POST /auth/password-reset` and `POST /auth/password-reset/confirm`:
a new password through a single-use link sent by email.

The token is 32 bytes from the OS's CSPRNG in base64url (43 characters of
`A-Z a-z 0-9 - _`). The database keeps only its SHA-256: a plain hash is
enough for 256 random bits, and whoever reads the database cannot use it.
"""

import hashlib
import logging
import secrets

from fastapi import Response
from fastapi.responses import JSONResponse

from app.deps import HasherDep, OutboxDep, SettingsDep, StorageDep, ThrottleDep
from app.domain import ResetConfirmation, ResetRequest
from app.errors import InvalidResetToken
from app.storage import unix_now

log = logging.getLogger(__name__)

# The same answer whether or not an account has the email: the form must
# not tell who has an account.
REQUESTED = {"message": "if an account has this email, a reset link has been sent to it"}


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def request_reset(
    body: ResetRequest, storage: StorageDep, outbox: OutboxDep, settings: SettingsDep
) -> JSONResponse:
    """202 for any email; for an account, one email with the link."""
    account = await storage.account_by_email(body.email)
    if account is not None:
        token = secrets.token_urlsafe(32)
        expires_at = unix_now() + settings.reset_token_ttl_secs
        await storage.insert_reset_token(account.user.id, token_sha256(token), expires_at)
        # From the settings, never from the request's `Host`: a forged Host
        # header would otherwise send users a link to someone else's site.
        link = f"{settings.public_base_url}/reset-password?token={token}"
        minutes = max(1, settings.reset_token_ttl_secs // 60)
        await outbox.send(
            to=account.user.email,
            subject="Reset your password",
            text=(
                f"Hello {account.user.email},\n\n"
                "Someone asked to reset the password of this account. If it was you,\n"
                f"open this link within {minutes} minutes to choose a new one:\n\n"
                f"{link}\n\n"
                "If it was not you, ignore this email: your password stays as it is.\n"
            ),
        )
        log.info("password reset requested for user %d", account.user.id)
    return JSONResponse(REQUESTED, status_code=202)


async def confirm_reset(
    body: ResetConfirmation, storage: StorageDep, hasher: HasherDep, throttle: ThrottleDep
) -> Response:
    """204 once the new password is set; 400 for an unknown, used or
    expired token; 422 for a weak password (the token stays usable)."""
    digest = token_sha256(body.token.get_secret_value())
    # A cheap look first, so that random tokens cost no bcrypt work; the
    # token is checked again, atomically, when it is used.
    if not await storage.reset_token_is_valid(digest, unix_now()):
        raise InvalidResetToken("the reset token is invalid, used or expired")
    password_hash = await hasher.hash(body.new_password)
    email = await storage.reset_password(digest, password_hash, unix_now())
    if email is None:
        raise InvalidResetToken("the reset token is invalid, used or expired")
    # Whoever holds the mailbox may log in again at once.
    throttle.succeeded(email)
    log.info("password reset completed")
    return Response(status_code=204)
