"""Access tokens: HS256 JWTs signed with `JWT_SECRET`.

Claims: `sub` (the user id, as a string), `iat` and `exp` (= `iat` +
`JWT_TTL_SECS`), in whole seconds; nothing secret. Verification pins the
algorithm to HS256 (so `alg: none` and HS384/HS512 are refused), requires
`exp`, `iat` and `sub`, and checks `nbf` when present. No clock leeway: this
service is the only issuer and the only verifier, and reads one clock.
"""

from dataclasses import dataclass

import jwt

from app.domain import parse_user_id

ALGORITHM = "HS256"


class InvalidToken(Exception):
    """The token is refused. The message says why, never what it held."""


@dataclass(frozen=True)
class Claims:
    user_id: int
    issued_at: int


class TokenIssuer:
    def __init__(self, secret: str, ttl_secs: int) -> None:
        self._secret = secret
        self.ttl_secs = ttl_secs

    def issue(self, user_id: int, now: int) -> str:
        claims = {"sub": str(user_id), "iat": now, "exp": now + self.ttl_secs}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Claims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the access token has expired") from None
        except jwt.ImmatureSignatureError:
            raise InvalidToken("the access token is not valid yet") from None
        except jwt.InvalidTokenError:
            raise InvalidToken("the access token is invalid") from None
        user_id = parse_user_id(claims["sub"])
        if user_id is None or not isinstance(claims["iat"], int):
            raise InvalidToken("the access token is invalid")
        return Claims(user_id=user_id, issued_at=claims["iat"])
