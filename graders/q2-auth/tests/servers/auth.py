"""User authentication API (exercise Q2) in Python 3.11: standard library plus bcrypt.

A complete, correct implementation of the Q2 contract, bonus and advanced
items included (/work/shared/contracts/q2-auth.md, common.md). It exists for two reasons:

* graded as is, it must score 100/100: proof that a service written in any
  language can be graded, as long as it honours the contract;
* with ``--fault NAME`` it switches on ONE deliberate, realistic security or
  correctness bug (see FAULTS), and the corpus in ``tests/variants.rs``
  asserts exactly which checks each bug loses. ``--list-faults`` prints the names.

Needs the PyPI package ``bcrypt`` (``pip install bcrypt``); everything else,
the HS256 JWTs included, is the standard library.

Environment (name: default): HOST 127.0.0.1, PORT 8080, DATABASE_PATH ./data.db,
JWT_SECRET (required), JWT_TTL_SECS 3600, MAIL_OUTBOX_DIR ./outbox,
PUBLIC_BASE_URL http://localhost:8080, RESET_TOKEN_TTL_SECS 900,
LOGIN_MAX_FAILURES 5, LOGIN_LOCKOUT_SECS 900.
"""

import argparse
import base64
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import signal
import sqlite3
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import urlsplit

try:
    import bcrypt
except ImportError:
    sys.exit("auth.py needs the bcrypt package: pip install bcrypt")

MAX_BODY = 1024 * 1024
MAX_DISCARD = 16 * MAX_BODY  # beyond this, an oversized body is not even read
MAX_EMAIL, MAX_LOCAL_PART = 254, 64
MIN_PASSWORD, MAX_PASSWORD_BYTES = 8, 72  # 72: bcrypt ignores every byte after
BCRYPT_COST = 10
LEEWAY = 60  # seconds of clock skew tolerated on exp and nbf
HMAC_ALGORITHMS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}

FAULTS = {
    # Password storage
    "plaintext-storage": "the password is stored as given, and compared as is",
    "low-cost": "bcrypt with cost 4 (about 1 ms a hash) instead of 10",
    "sha256-unsalted": "passwords are stored as an unsalted SHA-256 hex digest",
    "silent-truncation": "no 72-byte limit: bcrypt is fed the first 72 bytes, the tail is ignored",
    "char-limit-truncation": "the limit is 72 characters, not bytes: bcrypt is fed the first 72 bytes of a longer UTF-8 password",
    "hash-in-response": "register answers the whole row, password_hash included",
    "me-answers-row": "GET /users/me answers the whole row, password_hash included",
    "errors-echo-input": "validation errors (422) echo the request's body in `input`, as pydantic's do by default",
    # Login
    "enumeration-message": "an unknown email gets another 401 message than a wrong password",
    "no-dummy-hash": "an unknown email answers at once, without a bcrypt verification (timing oracle)",
    "no-throttling": "failed logins are never counted: no lockout, no 429",
    "throttle-per-ip": "failed logins are counted per client address, not per email",
    "throttle-never-resets": "a successful login does not clear the count of failures",
    "sql-injection-login": "the login query is built with an f-string (bcrypt still verifies the password)",
    "login-wrong-type-500": "a login whose password is not a string crashes: 500",
    "login-email-as-typed": "the login looks the email up as typed, neither trimmed nor lower-cased",
    "no-token-type": "the login answer has no token_type",
    "hashing-blocks": "a single-threaded server: every bcrypt blocks every other request, /health too",
    # Registration and schema
    "register-200": "a registration answers 200, not 201",
    "check-then-insert": "no UNIQUE on email: a SELECT, then bcrypt, then INSERT (a race)",
    "race-500": "UNIQUE on email, but the IntegrityError of a lost race is not mapped: a 500",
    # Tokens
    "no-signature-check": "the JWT signature is never compared (the header's alg is still checked)",
    "alg-none-accepted": "a token whose alg is none (any case) skips the signature check",
    "any-hmac-alg": "the header's alg picks the HMAC: HS384 and HS512 pass with the secret",
    "no-expiry-check": "exp is never looked at",
    "exp-optional": "exp is checked when present, but a token without exp is accepted",
    "no-nbf-check": "nbf is never looked at",
    "unknown-subject-404": "a valid token whose sub names no user gets 404 from /users/me, not 401",
    "ignores-jwt-ttl": "exp is always iat + 3600, whatever JWT_TTL_SECS says",
    "default-jwt-secret": "without JWT_SECRET the service starts with a hard-coded secret",
    "case-sensitive-scheme": "only `Bearer` is accepted, not `bearer` or `BEARER`",
    "no-www-authenticate": "401 answers carry no WWW-Authenticate header",
    "no-403": "GET /users/{id} answers any user to any valid token (404 for unknown ids)",
    # Password reset
    "reset-enumeration": "a reset request for an unknown email answers 404",
    "reset-request-200": "a reset request answers 200, not 202 (the same body for every email)",
    "mail-without-recipient": "the reset email names no recipient (no To: header, no address in the text)",
    "short-reset-token": "reset tokens are 64-bit (secrets.token_hex(8))",
    "reusable-reset-token": "a reset token is never marked used",
    "raw-reset-token-stored": "the reset token is stored as is, not as its SHA-256",
    "reset-token-never-expires": "the reset token's expiry is never checked",
    "reset-link-from-host-header": "the reset link is built from the Host header, not PUBLIC_BASE_URL",
    "no-token-revocation-after-reset": "access tokens issued before a password reset keep working",
    "reset-skips-password-rules": "the reset confirmation accepts any new password (no length rules)",
    # Logs
    "logs-passwords": "every request body is printed to stderr",
    # Hostile: what an attacker would plant for the grader to read
    "outbox-symlink": "each mail is a symbolic link to ~/.interview-kit-canary, outside the run folder",
}
ACTIVE_FAULT = None


def fault(name):
    """Whether the deliberate bug `name` is switched on (never, by default)."""
    assert name in FAULTS, name
    return ACTIVE_FAULT == name


def log(message):
    print(message, file=sys.stderr, flush=True)


class ApiError(Exception):
    """An error answer: status, message, the offending field if any, extra headers."""

    def __init__(self, status, message, field=None, headers=()):
        super().__init__(message)
        self.status, self.message, self.field, self.headers = status, message, field, list(headers)


# --- Configuration: read once, at start ----------------------------------------


class ConfigError(Exception):
    pass


class Config:
    """Every setting of the contract, with its default. JWT_SECRET has none."""

    def __init__(self, env):
        self.host = env.get("HOST", "127.0.0.1")
        self.port = self._int(env, "PORT", 8080, minimum=0)
        self.database_path = env.get("DATABASE_PATH", "./data.db")
        secret = env.get("JWT_SECRET", "")
        if not secret and fault("default-jwt-secret"):
            secret = "change-me-in-production"
        if not secret:
            raise ConfigError("JWT_SECRET is not set; refusing to start "
                              "(tokens signed with an empty or default secret can be forged by anyone)")
        self.jwt_secret = secret.encode()
        self.jwt_ttl = self._int(env, "JWT_TTL_SECS", 3600)
        self.outbox_dir = env.get("MAIL_OUTBOX_DIR", "./outbox")
        self.public_base_url = env.get("PUBLIC_BASE_URL", "http://localhost:8080").rstrip("/")
        self.reset_ttl = self._int(env, "RESET_TOKEN_TTL_SECS", 900)
        self.max_failures = self._int(env, "LOGIN_MAX_FAILURES", 5)
        self.lockout = self._int(env, "LOGIN_LOCKOUT_SECS", 900)

    @staticmethod
    def _int(env, name, default, minimum=1):
        raw = env.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise ConfigError(f"{name} must be an integer >= {minimum}, got {raw!r}")
        return value


CONFIG = None  # set by main()


# --- Validation: field rules, enforced once, at the boundary ---------------------

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def required_string(body, field, status=422):
    value = body.get(field)
    if value is None:
        raise ApiError(status, f"{field} is required", field)
    if not isinstance(value, str):
        raise ApiError(status, f"{field} must be a string", field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") cannot be stored or hashed
        raise ApiError(status, f"{field} must be valid Unicode text", field) from None
    return value


def normalised_email(raw):
    return raw.strip().lower()


def valid_email(body):
    email = normalised_email(required_string(body, "email"))
    local, _, domain = email.partition("@")
    if (len(email) > MAX_EMAIL or len(local) > MAX_LOCAL_PART or not EMAIL_SHAPE.fullmatch(email)
            or domain.startswith(".") or domain.endswith(".") or ".." in domain):
        raise ApiError(422, "email must look like name@example.com (at most 254 characters)", "email")
    return email


def valid_password(body, field="password"):
    password = required_string(body, field)
    if len(password) < MIN_PASSWORD:
        raise ApiError(422, f"{field} must be at least {MIN_PASSWORD} characters", field)
    size = len(password) if fault("char-limit-truncation") else len(password.encode("utf-8"))
    if size > MAX_PASSWORD_BYTES and not fault("silent-truncation"):
        raise ApiError(422, f"{field} must be at most {MAX_PASSWORD_BYTES} bytes (bcrypt's limit)", field)
    return password


# --- Password hashing -------------------------------------------------------------


def password_bytes(password):
    data = password.encode("utf-8")
    truncates = fault("silent-truncation") or fault("char-limit-truncation")
    return data[:MAX_PASSWORD_BYTES] if truncates else data


def hash_password(password):
    """A bcrypt hash (Python's bcrypt releases the GIL: other requests go on)."""
    if fault("plaintext-storage"):
        return password
    if fault("sha256-unsalted"):
        return hashlib.sha256(password.encode("utf-8")).hexdigest()
    cost = 4 if fault("low-cost") else BCRYPT_COST
    return bcrypt.hashpw(password_bytes(password), bcrypt.gensalt(cost)).decode("ascii")


def verify_password(password, stored):
    if fault("plaintext-storage"):
        return hmac.compare_digest(password.encode("utf-8"), stored.encode())
    if fault("sha256-unsalted"):
        return hmac.compare_digest(hash_password(password), stored)
    data = password_bytes(password)
    if len(data) > MAX_PASSWORD_BYTES:
        # Never a valid password (registration refuses it); spend the time anyway.
        bcrypt.checkpw(data[:MAX_PASSWORD_BYTES], stored.encode("ascii"))
        return False
    return bcrypt.checkpw(data, stored.encode("ascii"))


DUMMY_HASH = None  # set by main(): verified for unknown emails, so they cost the same


# --- JWT (HS256, by hand) --------------------------------------------------------


class TokenError(Exception):
    pass


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise TokenError("the token is not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def json_segment(text):
    try:
        value = json.loads(b64url_decode(text), parse_constant=reject_constant)
    except ValueError:
        raise TokenError("the token is not JSON") from None
    if not isinstance(value, dict):
        raise TokenError("the token is not a JSON object")
    return value


def numeric(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def issue_token(user_id, now):
    iat = int(now)
    ttl = 3600 if fault("ignores-jwt-ttl") else CONFIG.jwt_ttl
    header = b64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"sub": str(user_id), "iat": iat, "exp": iat + ttl}
    payload = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(CONFIG.jwt_secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url_encode(signature)}", ttl


def verify_token(token, now):
    """The claims of a valid token; TokenError otherwise. The algorithm is
    pinned to HS256 whatever the header says; exp is required."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("the token is not a JWT")
    header = json_segment(parts[0])
    alg = header.get("alg")
    unsigned = fault("alg-none-accepted") and isinstance(alg, str) and alg.lower() == "none"
    if fault("any-hmac-alg") and alg in HMAC_ALGORITHMS:
        digest = HMAC_ALGORITHMS[alg]
    elif alg == "HS256" or unsigned:
        digest = hashlib.sha256
    else:
        raise TokenError("the token must be signed with HS256")
    expected = hmac.new(CONFIG.jwt_secret, f"{parts[0]}.{parts[1]}".encode(), digest).digest()
    signature = b64url_decode(parts[2])
    if not (unsigned or fault("no-signature-check") or hmac.compare_digest(expected, signature)):
        raise TokenError("the token's signature is invalid")
    claims = json_segment(parts[1])
    exp = claims.get("exp")
    if not fault("no-expiry-check") and not (fault("exp-optional") and exp is None):
        if not numeric(exp):
            raise TokenError("the token has no expiry")
        if now > exp + LEEWAY:
            raise TokenError("the token has expired")
    nbf = claims.get("nbf")
    if nbf is not None and not fault("no-nbf-check"):
        if not numeric(nbf) or nbf > now + LEEWAY:
            raise TokenError("the token is not valid yet")
    if not numeric(claims.get("iat")):
        raise TokenError("the token has no issue time")
    if not isinstance(claims.get("sub"), str):
        raise TokenError("the token names no user")
    return claims


# --- Login throttling ------------------------------------------------------------


class Throttle:
    """Failed logins per email (known or not, so it tells nothing). A failure
    is forgotten after `lockout` seconds without another one; `max_failures`
    in a row lock the email for `lockout` seconds; a success clears it all."""

    def __init__(self, max_failures, lockout):
        self.max_failures, self.lockout = max_failures, lockout
        self._lock = threading.Lock()
        self._failures = {}  # email -> (failures in a row, time of the last one)
        self._locked_until = {}  # email -> time

    def retry_after(self, email, now):
        """Seconds until `email` may try again, or None when it may now."""
        if fault("no-throttling"):
            return None
        with self._lock:
            until = self._locked_until.get(email)
            if until is None:
                return None
            if until <= now:
                del self._locked_until[email]
                return None
            return max(1, math.ceil(until - now))

    def failed(self, email, now):
        with self._lock:
            if len(self._failures) > 10_000:  # forget stale entries now and then
                self._failures = {key: (count, last) for key, (count, last) in self._failures.items()
                                  if last > now - self.lockout}
            count, last = self._failures.get(email, (0, now))
            count = count + 1 if last > now - self.lockout else 1
            if count >= self.max_failures:
                self._locked_until[email] = now + self.lockout
                self._failures.pop(email, None)
            else:
                self._failures[email] = (count, now)

    def succeeded(self, email):
        if fault("throttle-never-resets"):
            return
        with self._lock:
            self._failures.pop(email, None)
            self._locked_until.pop(email, None)


THROTTLE = None  # set by main()


# --- Storage -------------------------------------------------------------------------

def schema():
    # check-then-insert: the mistake is an index that is not UNIQUE.
    unique = "" if fault("check-then-insert") else "UNIQUE"
    return f"""
CREATE TABLE IF NOT EXISTS users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    email               TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    -- access tokens issued (iat) before this second are revoked
    tokens_valid_after  INTEGER NOT NULL DEFAULT 0,
    -- Unix seconds. Not a TEXT CURRENT_TIMESTAMP: two accounts registered in
    -- the same second would share it, and q2.storage.salted (which compares
    -- every cell of 16+ characters) would take it for an unsalted hash.
    created_at          INTEGER NOT NULL
);
CREATE {unique} INDEX IF NOT EXISTS users_email ON users (email);
CREATE TABLE IF NOT EXISTS password_resets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    {token_column()}  TEXT    NOT NULL UNIQUE,
    expires_at  REAL    NOT NULL,
    used_at     REAL
);
"""


def token_column():
    return "token" if fault("raw-reset-token-stored") else "token_hash"


def reset_token_key(token):
    """What the database holds for a reset token: its SHA-256, never the token."""
    if fault("raw-reset-token-stored"):
        return token
    return hashlib.sha256(token.encode()).hexdigest()


class Taken(Exception):
    """The email already has an account."""


class Store:
    """Users and reset tokens in SQLite. One connection behind one lock;
    nothing slow (bcrypt) ever runs while the lock is held."""

    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=10)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        self._lock = threading.Lock()
        with self._transaction() as db:
            db.executescript(schema())

    @contextmanager
    def _transaction(self):
        with self._lock, self._db:  # commits on success, rolls back on error
            yield self._db

    def close(self):
        with self._lock:
            self._db.close()

    def user_by_email(self, email, injectable=False):
        with self._transaction() as db:
            if injectable:  # the sql-injection-login fault
                return db.execute(f"SELECT * FROM users WHERE email = '{email}'").fetchone()
            return db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()

    def user_by_id(self, user_id):
        if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18):
            return None
        with self._transaction() as db:
            return db.execute("SELECT * FROM users WHERE id = ?", (int(user_id),)).fetchone()

    def email_taken(self, email):
        with self._transaction() as db:
            return db.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone() is not None

    def create_user(self, email, password_hash, now):
        """The new row; Taken when the UNIQUE index refuses the email."""
        try:
            with self._transaction() as db:
                cursor = db.execute(
                    "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)",
                    (email, password_hash, int(now)),
                )
                return db.execute("SELECT * FROM users WHERE id = ?", (cursor.lastrowid,)).fetchone()
        except sqlite3.IntegrityError:
            if fault("race-500"):
                raise
            raise Taken() from None

    def add_reset_token(self, user_id, key, expires_at):
        with self._transaction() as db:
            # A new link replaces the ones sent before.
            db.execute("UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                       (time.time(), user_id))
            db.execute(f"INSERT INTO password_resets (user_id, {token_column()}, expires_at) VALUES (?, ?, ?)",
                       (user_id, key, expires_at))

    def reset_password(self, key, new_hash, now):
        """Uses the reset token once: sets the password and revokes older
        access tokens. The user's email, or None for an unknown, used or
        expired token."""
        with self._transaction() as db:
            row = db.execute(
                f"SELECT r.id, r.user_id, r.expires_at, u.email FROM password_resets r "
                f"JOIN users u ON u.id = r.user_id "
                f"WHERE r.{token_column()} = ? AND r.used_at IS NULL",
                (key,),
            ).fetchone()
            if row is None:
                return None
            if row["expires_at"] <= now and not fault("reset-token-never-expires"):
                return None
            if not fault("reusable-reset-token"):
                db.execute("UPDATE password_resets SET used_at = ? WHERE id = ?", (now, row["id"]))
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (new_hash, row["user_id"]))
            if not fault("no-token-revocation-after-reset"):
                db.execute("UPDATE users SET tokens_valid_after = ? WHERE id = ?", (int(now), row["user_id"]))
            return row["email"]


STORE = None  # set by main()


# --- Mail ------------------------------------------------------------------------------


def send_mail(to, subject, text):
    """One file per message in MAIL_OUTBOX_DIR, written under a temporary name
    then renamed: a reader never sees half a message."""
    name = f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
    message = (
        f"From: no-reply@{urlsplit(CONFIG.public_base_url).hostname or 'localhost'}\r\n"
        + ("" if fault("mail-without-recipient") else f"To: {to}\r\n")
        + f"Subject: {subject}\r\n"
        f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        f"{text.replace(chr(10), chr(13) + chr(10))}"
    )
    temporary = os.path.join(CONFIG.outbox_dir, f".{name}.tmp")
    if fault("outbox-symlink"):
        os.symlink(os.path.expanduser("~/.interview-kit-canary"), temporary)
    else:
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            file.write(message)
    os.replace(temporary, os.path.join(CONFIG.outbox_dir, name))


# --- HTTP ------------------------------------------------------------------------------


def unauthorized(message, invalid_token=True):
    if fault("no-www-authenticate"):
        headers = []
    elif invalid_token:
        headers = [("WWW-Authenticate", 'Bearer error="invalid_token"')]
    else:
        headers = [("WWW-Authenticate", "Bearer")]
    return ApiError(401, message, headers=headers)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has a Content-Length
    disable_nagle_algorithm = True  # headers and body are separate writes
    server_version = "auth-py/1.0"

    def dispatch(self):
        started = time.monotonic()
        self.status = None
        self.parsed_body = None
        try:
            self.body = self.read_body()
            if fault("logs-passwords") and self.body:
                log(f"{self.command} {self.path} body={self.body.decode('utf-8', 'replace')}")
            url = urlsplit(self.path)
            for pattern, methods in ROUTES:
                match = pattern.fullmatch(url.path)
                if match:
                    break
            else:
                raise ApiError(404, f"no such path: {url.path}")
            if self.command not in methods:
                allow = ", ".join(methods)
                raise ApiError(405, f"{self.command} is not allowed here; use {allow}", headers=[("Allow", allow)])
            methods[self.command](self, *match.groups())
        except ApiError as error:
            self.send_api_error(error)
        except Exception:
            traceback.print_exc()
            self.send_api_error(ApiError(500, "internal server error"))
        if fault("hashing-blocks"):
            self.close_connection = True  # one thread: an idle keep-alive would block everyone
        if self.path != "/health":
            # Method, path and status only: never a header or a body (secrets).
            log(f"{self.command} {urlsplit(self.path).path} {self.status} {1000 * (time.monotonic() - started):.0f} ms")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = dispatch

    def log_request(self, code="-", size="-"):
        """Replaced by the access line at the end of dispatch()."""

    def log_error(self, format, *args):
        log("http: " + format % args)

    # Reading requests

    def read_body(self):
        """The raw body, read up to Content-Length (always read, so that the
        connection can be reused whatever the answer)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise ApiError(400, "invalid Content-Length")
        if length > MAX_BODY:
            if length <= MAX_DISCARD:
                self.rfile.read(length)  # let the client finish sending, then answer
            else:
                self.close_connection = True
            raise ApiError(413, f"the body is larger than {MAX_BODY} bytes")
        return self.rfile.read(length)

    def json_object(self):
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise ApiError(415, "the body must be JSON, sent with Content-Type: application/json")
        try:
            body = json.loads(self.body, parse_constant=reject_constant)
        except (ValueError, RecursionError) as error:
            raise ApiError(400, f"malformed JSON: {error}") from None
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        self.parsed_body = body
        return body

    def authenticate(self):
        """The user row of a valid `Authorization: Bearer <token>`; 401 otherwise."""
        header = self.headers.get("Authorization")
        if not header:
            raise unauthorized("authentication required: send Authorization: Bearer <token>", invalid_token=False)
        scheme, _, token = header.strip().partition(" ")
        bearer = scheme == "Bearer" if fault("case-sensitive-scheme") else scheme.lower() == "bearer"
        if not bearer:
            raise unauthorized("use the Bearer scheme: Authorization: Bearer <token>", invalid_token=False)
        token = token.strip()
        if not token:
            raise unauthorized("the bearer token is missing")
        now = time.time()
        try:
            claims = verify_token(token, now)
        except TokenError as error:
            raise unauthorized(str(error)) from None
        user = STORE.user_by_id(claims["sub"])
        if user is None:
            if fault("unknown-subject-404"):
                raise ApiError(404, "user not found")
            raise unauthorized("the token's user does not exist")
        if claims["iat"] < user["tokens_valid_after"]:
            raise unauthorized("the token was issued before the last password change")
        return user

    # Writing answers

    def send(self, status, payload=b"", content_type=None, headers=()):
        self.status = status
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status != 204:
            self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(payload)

    def send_json(self, status, body, headers=()):
        self.send(status, json.dumps(body).encode(), "application/json", headers)

    def send_api_error(self, error):
        body = {"error": error.message, **({"field": error.field} if error.field else {})}
        if fault("errors-echo-input") and error.status == 422 and getattr(self, "parsed_body", None) is not None:
            body["input"] = self.parsed_body
        self.send_json(error.status, body, error.headers)

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (bad request line, unknown method) as JSON too."""
        self.close_connection = True
        self.send_api_error(ApiError(code, message or "bad request"))

    # Endpoints

    def health(self):
        self.send_json(200, {"status": "ok"})

    def register(self):
        body = self.json_object()
        email = valid_email(body)
        password = valid_password(body)
        # A quick answer for the common case; the UNIQUE index settles races.
        # Without it (the check-then-insert fault) this SELECT is the only
        # guard, and bcrypt's ~70 ms between it and the INSERT is a window
        # wide enough for ten simultaneous requests to all pass it: no
        # artificial delay is needed to show the race.
        if STORE.email_taken(email):
            raise ApiError(409, "an account with this email already exists", "email")
        password_hash = hash_password(password)
        try:
            user = STORE.create_user(email, password_hash, time.time())
        except Taken:
            raise ApiError(409, "an account with this email already exists", "email") from None
        answer = {"id": user["id"], "email": user["email"]}
        if fault("hash-in-response"):
            answer = dict(user)
        self.send_json(200 if fault("register-200") else 201, answer, [("Location", f"/users/{user['id']}")])

    def login(self):
        body = self.json_object()
        raw_email = required_string(body, "email")
        email = raw_email if fault("login-email-as-typed") else normalised_email(raw_email)
        if fault("login-wrong-type-500"):
            password = body.get("password")
            if password is None:
                raise ApiError(422, "password is required", "password")
        else:
            password = required_string(body, "password")
        now = time.time()
        # The throttle's key: the email (the throttle-per-ip fault: the address).
        key = self.client_address[0] if fault("throttle-per-ip") else email
        wait = THROTTLE.retry_after(key, now)
        if wait is not None:
            raise ApiError(429, f"too many failed logins for this email; try again in {wait} s",
                           headers=[("Retry-After", str(wait))])
        user = STORE.user_by_email(email, injectable=fault("sql-injection-login"))
        if user is not None:
            ok = verify_password(password, user["password_hash"])
        else:
            if not fault("no-dummy-hash"):
                verify_password(password, DUMMY_HASH)  # same time as a wrong password
            ok = False
            if fault("enumeration-message"):
                THROTTLE.failed(key, now)
                raise ApiError(401, "no account with this email")
        if not ok:
            THROTTLE.failed(key, now)
            raise ApiError(401, "invalid email or password")
        THROTTLE.succeeded(key)
        token, ttl = issue_token(user["id"], now)
        answer = {"access_token": token, "token_type": "Bearer", "expires_in": ttl}
        if fault("no-token-type"):
            del answer["token_type"]
        self.send_json(200, answer)

    def me(self):
        user = self.authenticate()
        self.send_json(200, dict(user) if fault("me-answers-row") else {"id": user["id"], "email": user["email"]})

    def user_by_id(self, raw_id):
        user = self.authenticate()
        if fault("no-403"):
            found = STORE.user_by_id(raw_id)
            if found is None:
                raise ApiError(404, "no such user")
            return self.send_json(200, {"id": found["id"], "email": found["email"]})
        if raw_id != str(user["id"]):
            raise ApiError(403, "you can only read your own account")
        self.send_json(200, {"id": user["id"], "email": user["email"]})

    def request_reset(self):
        body = self.json_object()
        email = normalised_email(required_string(body, "email"))
        user = STORE.user_by_email(email)
        if user is not None:
            token = secrets.token_hex(8) if fault("short-reset-token") else secrets.token_urlsafe(32)
            STORE.add_reset_token(user["id"], reset_token_key(token), time.time() + CONFIG.reset_ttl)
            base = CONFIG.public_base_url
            if fault("reset-link-from-host-header"):
                base = f"http://{self.headers.get('Host', 'localhost')}"
            minutes = max(1, CONFIG.reset_ttl // 60)
            send_mail(user["email"], "Reset your password", (
                "Hello,\n\n"
                "Someone asked to reset the password of this account. To choose a new one, open:\n\n"
                f"{base}/reset-password?token={token}\n\n"
                f"The link works once, within {minutes} minute(s). "
                "If you did not ask for it, ignore this message: your password stays as it is.\n"
            ))
        elif fault("reset-enumeration"):
            raise ApiError(404, "no account with this email")
        status = 200 if fault("reset-request-200") else 202
        self.send_json(status, {"message": "if an account exists for this email, a reset link has been sent to it"})

    def confirm_reset(self):
        now = time.time()  # when the token was presented: hashing below may take a while
        body = self.json_object()
        token = body.get("token")
        if not isinstance(token, str) or not token:
            raise ApiError(400, "token is required (the one from the reset link)", "token")
        if fault("reset-skips-password-rules"):
            new_password = required_string(body, "new_password")
        else:
            new_password = valid_password(body, "new_password")
        new_hash = hash_password(new_password)
        email = STORE.reset_password(reset_token_key(token), new_hash, now)
        if email is None:
            raise ApiError(400, "the reset token is invalid, expired or already used", "token")
        THROTTLE.succeeded(email)
        self.send(204)


ROUTES = [
    (re.compile(r"/health"), {"GET": Handler.health}),
    (re.compile(r"/auth/register"), {"POST": Handler.register}),
    (re.compile(r"/auth/login"), {"POST": Handler.login}),
    (re.compile(r"/auth/password-reset"), {"POST": Handler.request_reset}),
    (re.compile(r"/auth/password-reset/confirm"), {"POST": Handler.confirm_reset}),
    (re.compile(r"/users/me"), {"GET": Handler.me}),
    (re.compile(r"/users/([^/]+)"), {"GET": Handler.user_by_id}),
]


class Server(ThreadingHTTPServer):
    """A thread per connection: bcrypt releases the GIL, so /health and other
    requests go on while logins hash."""

    daemon_threads = True
    block_on_close = False  # stopping must not wait for idle keep-alive connections
    request_queue_size = 128


class SingleThreadedServer(HTTPServer):
    """The hashing-blocks fault: one thread serves every request in turn, as
    an async service that hashes on its event loop does."""

    request_queue_size = 128


def main():
    global ACTIVE_FAULT, CONFIG, DUMMY_HASH, THROTTLE, STORE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=sorted(FAULTS), help="switch on one deliberate bug")
    parser.add_argument("--list-faults", action="store_true", help="print the fault names and exit")
    args = parser.parse_args()
    if args.list_faults:
        print("\n".join(FAULTS))
        return
    ACTIVE_FAULT = args.fault

    try:
        CONFIG = Config(os.environ)
    except ConfigError as error:
        log(f"error: {error}")
        sys.exit(1)
    os.makedirs(CONFIG.outbox_dir, exist_ok=True)
    DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
    THROTTLE = Throttle(CONFIG.max_failures, CONFIG.lockout)
    STORE = Store(CONFIG.database_path)
    server_class = SingleThreadedServer if fault("hashing-blocks") else Server
    server = server_class((CONFIG.host, CONFIG.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log(f"auth.py listening on http://{CONFIG.host}:{CONFIG.port}" + (f" (fault: {ACTIVE_FAULT})" if ACTIVE_FAULT else ""))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        STORE.close()


if __name__ == "__main__":
    main()
