"""Q2 user authentication on FastAPI: a fairness-corpus server of the Q2 grader.

Written the way a competent FastAPI developer would, on the libraries'
defaults (pydantic models and FastAPI's error bodies, HTTPBearer, PyJWT,
pwdlib's recommended Argon2id, uvicorn, the standard sqlite3 module), changed
only where the exercise's contract asks for something else. Each such change
says so in a comment starting with "Contract:".

Run: JWT_SECRET=... python3 app.py (HOST, PORT, DATABASE_PATH, JWT_TTL_SECS,
MAIL_OUTBOX_DIR, PUBLIC_BASE_URL, RESET_TOKEN_TTL_SECS, LOGIN_MAX_FAILURES,
LOGIN_LOCKOUT_SECS as in the brief).
"""

import hashlib
import os
import secrets
import sqlite3
import sys
import threading
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Annotated

import jwt
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pwdlib import PasswordHash
from pydantic import BaseModel, EmailStr, Field, field_validator


class Settings:
    def __init__(self) -> None:
        self.jwt_secret = os.environ.get("JWT_SECRET", "")
        self.database_path = os.environ.get("DATABASE_PATH", "./data.db")
        self.jwt_ttl = int(os.environ.get("JWT_TTL_SECS", "3600"))
        self.outbox = Path(os.environ.get("MAIL_OUTBOX_DIR", "./outbox"))
        self.public_base_url = os.environ.get("PUBLIC_BASE_URL", "http://localhost:8080").rstrip("/")
        self.reset_ttl = int(os.environ.get("RESET_TOKEN_TTL_SECS", "900"))
        self.max_failures = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
        self.lockout = int(os.environ.get("LOGIN_LOCKOUT_SECS", "900"))


settings = Settings()
password_hash = PasswordHash.recommended()  # Argon2id
# Verified for unknown emails, so that they take as long as a wrong password.
DUMMY_HASH = password_hash.hash(secrets.token_urlsafe(16))

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    password_changed_at INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS password_reset_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""


def connect() -> sqlite3.Connection:
    # FastAPI may run a dependency's setup and teardown on different threads.
    db = sqlite3.connect(settings.database_path, timeout=10, check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def get_db():
    db = connect()
    try:
        yield db
    finally:
        db.close()


Db = Annotated[sqlite3.Connection, Depends(get_db)]

app = FastAPI(title="Q2 auth")


# Contract: malformed JSON is 400 (FastAPI says 422), and a validation error
# must not echo the request's input (pydantic puts it in `input`).
@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]} for error in exc.errors()]
    code = 400 if any(error["type"] == "json_invalid" for error in errors) else 422
    return JSONResponse(status_code=code, content={"detail": errors})


def normalise(value):
    return value.strip().lower() if isinstance(value, str) else value


class RegisterIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8)

    # Contract: emails are trimmed and lower-cased before storing and comparing.
    @field_validator("email", mode="before")
    @classmethod
    def normalise_email(cls, value):
        return normalise(value)


class LoginIn(BaseModel):
    email: str
    password: str

    @field_validator("email", mode="before")
    @classmethod
    def normalise_email(cls, value):
        return normalise(value)


class UserOut(BaseModel):
    id: int
    email: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class ResetIn(BaseModel):
    email: str

    @field_validator("email", mode="before")
    @classmethod
    def normalise_email(cls, value):
        return normalise(value)


class ResetConfirmIn(BaseModel):
    token: str
    new_password: str = Field(min_length=8)


class Throttle:
    """Failed logins per email; `max_failures` of them lock the email."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failures: dict[str, list[float]] = {}
        self.locked_until: dict[str, float] = {}

    def retry_after(self, email: str) -> int | None:
        with self.lock:
            until = self.locked_until.get(email, 0)
            remaining = until - time.time()
            return max(1, int(remaining + 0.999)) if remaining > 0 else None

    def failed(self, email: str) -> None:
        now = time.time()
        with self.lock:
            recent = [t for t in self.failures.get(email, []) if t > now - settings.lockout] + [now]
            if len(recent) >= settings.max_failures:
                self.locked_until[email] = now + settings.lockout
                recent = []
            self.failures[email] = recent

    def succeeded(self, email: str) -> None:
        with self.lock:
            self.failures.pop(email, None)
            self.locked_until.pop(email, None)


throttle = Throttle()


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def current_user(credentials: Annotated[HTTPAuthorizationCredentials, Depends(HTTPBearer())], db: Db) -> sqlite3.Row:
    try:
        claims = jwt.decode(
            credentials.credentials,
            settings.jwt_secret,
            algorithms=["HS256"],
            # Contract: a token without exp is refused (PyJWT checks exp only when present).
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.InvalidTokenError:
        raise unauthorized("Invalid or expired token") from None
    user = db.execute("SELECT * FROM users WHERE id = ?", (claims["sub"],)).fetchone()
    if user is None:
        raise unauthorized("Invalid or expired token")
    if claims["iat"] < user["password_changed_at"]:
        raise unauthorized("Token revoked by a password change")
    return user


CurrentUser = Annotated[sqlite3.Row, Depends(current_user)]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/auth/register", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def register(body: RegisterIn, db: Db):
    hashed = password_hash.hash(body.password)
    try:
        with db:
            cursor = db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", (body.email, hashed))
    except sqlite3.IntegrityError:
        raise HTTPException(status.HTTP_409_CONFLICT, "Email already registered") from None
    return {"id": cursor.lastrowid, "email": body.email}


@app.post("/auth/login", response_model=TokenOut)
def login(body: LoginIn, db: Db):
    wait = throttle.retry_after(body.email)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, "Too many failed logins, try again later", headers={"Retry-After": str(wait)}
        )
    user = db.execute("SELECT * FROM users WHERE email = ?", (body.email,)).fetchone()
    if user is None:
        password_hash.verify(body.password, DUMMY_HASH)
        valid = False
    else:
        valid = password_hash.verify(body.password, user["password_hash"])
    if not valid:
        throttle.failed(body.email)
        raise unauthorized("Invalid email or password")
    throttle.succeeded(body.email)
    now = int(time.time())
    claims = {"sub": str(user["id"]), "iat": now, "exp": now + settings.jwt_ttl}
    token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
    return {"access_token": token, "token_type": "Bearer", "expires_in": settings.jwt_ttl}


@app.get("/users/me", response_model=UserOut)
def me(user: CurrentUser):
    return {"id": user["id"], "email": user["email"]}


@app.get("/users/{user_id}", response_model=UserOut)
def user_by_id(user_id: int, user: CurrentUser):
    if user_id != user["id"]:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You can only read your own account")
    return {"id": user["id"], "email": user["email"]}


def send_mail(to: str, subject: str, text: str) -> None:
    message = EmailMessage()
    message["From"] = "no-reply@example.com"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    settings.outbox.mkdir(parents=True, exist_ok=True)
    (settings.outbox / f"{int(time.time())}-{uuid.uuid4().hex}.eml").write_bytes(bytes(message))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@app.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(body: ResetIn, db: Db):
    user = db.execute("SELECT * FROM users WHERE email = ?", (body.email,)).fetchone()
    if user is not None:
        token = secrets.token_urlsafe(32)
        with db:
            db.execute(
                "INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES (?, ?, ?)",
                (user["id"], token_digest(token), int(time.time()) + settings.reset_ttl),
            )
        link = f"{settings.public_base_url}/reset-password?token={token}"
        send_mail(user["email"], "Reset your password", f"To choose a new password, open this link:\n\n{link}\n")
    return {"message": "If an account exists for this email, a reset link has been sent."}


@app.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
def confirm_password_reset(body: ResetConfirmIn, db: Db):
    now = int(time.time())
    with db:
        row = db.execute(
            "SELECT * FROM password_reset_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
            (token_digest(body.token), now),
        ).fetchone()
        if row is None:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "Invalid or expired reset token")
        db.execute("UPDATE password_reset_tokens SET used_at = ? WHERE id = ?", (now, row["id"]))
        db.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
            (password_hash.hash(body.new_password), now, row["user_id"]),
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def main() -> None:
    if not settings.jwt_secret:
        sys.exit("JWT_SECRET is not set: refusing to start")
    with connect() as db:
        db.executescript(SCHEMA)
    uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8080")))


if __name__ == "__main__":
    main()
