"""Rate-limited notes API (exercise Q3) in Python 3.11, standard library only.

A complete, correct implementation of the Q3 contract, bonus and advanced
items included (/work/shared/contracts/q3-ratelimit.md, common.md; the
candidate brief is docs/q3-ratelimit.md). It exists for two reasons:

* graded as is, it must score 100/100: proof that a service written in any
  language can be graded, as long as it honours the contract;
* with ``--fault NAME`` it switches on ONE deliberate, realistic bug (see
  FAULTS), and the corpus in ``tests/variants.rs`` asserts exactly which
  checks each bug loses. ``--list-faults`` prints the names.

The limiter is a sliding log per client (the TCP peer address): the times of
the requests it accepted in the last window, behind one lock so that the
decision and the update are one step. Refused requests are not recorded. A
background thread drops the logs of idle clients, off the request path.
With REDIS_URL set, the log is a sorted set per client in Redis, updated by
one Lua script (atomic), timed by Redis's own clock and expiring by itself;
the Redis client is a minimal RESP client over a socket.

The algorithm faults (fixed-window, counts-rejected, racy-check-then-set,
off-by-one, o-n-cleanup) live in the in-memory limiter, redis-non-atomic and
redis-no-ttl in the Redis one; the others (who the client is, which paths
are limited, headers, configuration) apply to both.

Environment (name: default): HOST 127.0.0.1, PORT 8080,
RATE_LIMIT_MAX_REQUESTS 10, RATE_LIMIT_WINDOW_SECS 60, REDIS_URL unset.
"""

import argparse
import json
import math
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

MAX_BODY = 1024 * 1024
MAX_DISCARD = 16 * MAX_BODY  # beyond this, an oversized body is not even read
REDIS_CONNECT_TIMEOUT = 2.0  # seconds; an unreachable Redis must never hang the start
REDIS_IO_TIMEOUT = 5.0
# The racy fault's pause between reading the count and writing it back: a
# stand-in for the round trip to a shared store (a GET, then a SET).
RACE_PAUSE = 0.005

FAULTS = {
    # The algorithm (in-memory limiter)
    "fixed-window": "a counter reset every window, the window starting at the client's first request",
    "counts-rejected": "refused requests are logged too, so hammering a 429 extends the wait",
    "racy-check-then-set": "the count is read, then written back after a pause: not one atomic step",
    "off-by-one": "`count <= limit` instead of `count < limit`: 11 requests pass",
    "o-n-cleanup": "every decision first scans every tracked client to evict idle ones: O(clients)",
    # Who the client is, what is limited
    "trusts-x-forwarded-for": "the client is the first X-Forwarded-For address when the header is present",
    "trusts-forwarded-from-localhost": "from 127.0.0.1 alone, the client is the X-Forwarded-For address (uvicorn's default)",
    "global-budget": "one budget shared by every client",
    "limits-health": "/health goes through the limiter like /api",
    "unknown-routes-not-counted": "the limiter runs after routing: 404 and 405 under /api are not counted",
    # Headers
    "no-reset-headers": "a 429 carries neither Retry-After nor X-RateLimit-Reset",
    "lying-retry-after": "a 429 always says Retry-After: 1, and X-RateLimit-Reset one second from now",
    "reset-in-milliseconds": "X-RateLimit-Reset is in unix milliseconds, not seconds",
    "fractional-reset": "X-RateLimit-Reset is unix seconds with two decimals (true, but not an integer)",
    "no-remaining-headers": "no X-RateLimit-Limit nor X-RateLimit-Remaining",
    # Configuration and Redis
    "hard-coded-config": "RATE_LIMIT_MAX_REQUESTS and RATE_LIMIT_WINDOW_SECS are ignored: always 10 per 60 s",
    "default-limit-100": "with RATE_LIMIT_MAX_REQUESTS unset the limit is 100 (a library example's number), not 10",
    "redis-ignored": "REDIS_URL is ignored: limits always live in this process's memory",
    "redis-silent-fallback": "an unreachable Redis at startup is logged, then limits silently live in memory",
    "redis-non-atomic": "with Redis, the count is read, then the request written after a pause: not one atomic step",
    "redis-no-ttl": "with Redis, keys never expire (the script sets no PEXPIRE)",
    "redis-client-missing": "with REDIS_URL set, the start fails on a Redis client package that is not installed",
}
ACTIVE_FAULT = None


def fault(name):
    """Whether the deliberate bug `name` is switched on (never, by default)."""
    assert name in FAULTS, name
    return ACTIVE_FAULT == name


def log(message):
    print(message, file=sys.stderr, flush=True)


class ApiError(Exception):
    """An error answer: status, message, extra headers."""

    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, list(headers)


class ConfigError(Exception):
    pass


# --- Configuration: read once, at start ----------------------------------------


class Config:
    def __init__(self, env):
        self.host = env.get("HOST", "127.0.0.1")
        self.port = self._number(env, "PORT", 8080, int, minimum=0)
        if fault("hard-coded-config"):
            self.limit, self.window = 10, 60.0
        else:
            default_limit = 100 if fault("default-limit-100") else 10
            self.limit = self._number(env, "RATE_LIMIT_MAX_REQUESTS", default_limit, int, minimum=1)
            self.window = self._number(env, "RATE_LIMIT_WINDOW_SECS", 60, float, minimum=0.001)
        self.redis_url = env.get("REDIS_URL") or None

    @staticmethod
    def _number(env, name, default, kind, minimum):
        raw = env.get(name)
        if raw is None or raw.strip() == "":
            return kind(default)
        try:
            value = kind(raw.strip())
        except ValueError:
            raise ConfigError(f"{name}={raw!r} is not a number") from None
        if not value >= minimum:  # also refuses NaN
            raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
        return value


# --- Decisions -------------------------------------------------------------------


class Decision:
    """What the limiter decided: accepted or not, requests left, and for a
    refusal the wait in seconds until a request will be accepted."""

    __slots__ = ("allowed", "remaining", "wait")

    def __init__(self, allowed, remaining, wait=0.0):
        self.allowed, self.remaining, self.wait = allowed, remaining, wait


class MemoryLimiter:
    """A sliding log per client: the monotonic times of its accepted requests
    within the last window. One lock makes each decision atomic."""

    def __init__(self, limit, window):
        self.limit, self.window = limit, window
        self.logs = {}  # client -> deque of monotonic times, oldest first
        self.windows = {}  # client -> [start, count] (the fixed-window fault)
        self.lock = threading.Lock()

    def hit(self, client):
        if fault("fixed-window"):
            return self._fixed_window(client)
        if fault("racy-check-then-set"):
            return self._racy(client)
        now = time.monotonic()
        with self.lock:
            if fault("o-n-cleanup"):
                self._evict(now)  # under the lock, on every request: O(clients)
            log = self._pruned(client, now)
            if fault("off-by-one"):
                allowed = len(log) <= self.limit
            else:
                allowed = len(log) < self.limit
            if allowed or fault("counts-rejected"):
                log.append(now)
            if allowed:
                return Decision(True, max(0, self.limit - len(log)))
            # The oldest logged request leaves the window first.
            return Decision(False, 0, log[0] + self.window - now)

    def _pruned(self, client, now):
        """The client's log without the requests that left the window (created
        if missing). Call with the lock held."""
        log = self.logs.get(client)
        if log is None:
            log = self.logs[client] = deque()
        cutoff = now - self.window
        while log and log[0] <= cutoff:
            log.popleft()
        return log

    def _racy(self, client):
        # Each step is atomic on its own, the pair is not: another request of
        # the same client can read the same count during the pause.
        now = time.monotonic()
        with self.lock:
            log = self._pruned(client, now)
            count, oldest = len(log), (log[0] if log else now)
        time.sleep(RACE_PAUSE)  # stands in for the store's round trip
        if count >= self.limit:
            return Decision(False, 0, oldest + self.window - now)
        with self.lock:
            log = self._pruned(client, now)
            log.append(now)
        return Decision(True, max(0, self.limit - count - 1))

    def _fixed_window(self, client):
        now = time.monotonic()
        with self.lock:
            entry = self.windows.get(client)
            if entry is None or now >= entry[0] + self.window:
                entry = self.windows[client] = [now, 0]
            if entry[1] < self.limit:
                entry[1] += 1
                return Decision(True, self.limit - entry[1])
            return Decision(False, 0, entry[0] + self.window - now)

    def _evict(self, now):
        """Drops every client whose whole log has left the window. Call with the lock held."""
        cutoff = now - self.window
        for client, log in list(self.logs.items()):
            while log and log[0] <= cutoff:
                log.popleft()
            if not log:
                del self.logs[client]
        for client, (start, _) in list(self.windows.items()):
            if start <= cutoff:
                del self.windows[client]

    def evict_idle(self):
        with self.lock:
            self._evict(time.monotonic())


def evict_forever(limiter, every):
    """The background sweeper: idle clients' state goes, off the request path."""
    while True:
        time.sleep(every)
        limiter.evict_idle()


# --- Redis: a minimal RESP client and the limiter script --------------------------


class RedisError(Exception):
    """An error reply from Redis (the connection is still usable)."""


class RedisConnection:
    def __init__(self, host, port, password, username, db):
        self.sock = socket.create_connection((host, port), timeout=REDIS_CONNECT_TIMEOUT)
        self.sock.settimeout(REDIS_IO_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")
        if password is not None:
            self.call(*(["AUTH", username, password] if username else ["AUTH", password]))
        if db:
            self.call("SELECT", str(db))

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))
        return self._reply()

    def _reply(self):
        line = self.reader.readline()
        if not line.endswith(b"\r\n"):
            raise ConnectionError("Redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            if length < 0:
                return None
            data = self.reader.read(length + 2)
            if len(data) != length + 2:
                raise ConnectionError("Redis closed the connection")
            return data[:-2]
        if kind == b"*":
            length = int(rest)
            if length < 0:
                return None
            return [self._reply() for _ in range(length)]
        raise ConnectionError(f"unexpected reply from Redis: {line[:40]!r}")

    def close(self):
        try:
            self.reader.close()
            self.sock.close()
        except OSError:
            pass


class Redis:
    """A small pool of RESP connections to the server named by a redis:// URL."""

    def __init__(self, url):
        parts = urlsplit(url)
        if parts.scheme != "redis":
            raise ConfigError(f"REDIS_URL={url!r}: only redis:// URLs are supported")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 6379
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password is not None else None
        path = parts.path.strip("/")
        self.db = int(path) if path.isdigit() else 0
        self.idle = []
        self.lock = threading.Lock()

    def _connect(self):
        return RedisConnection(self.host, self.port, self.password, self.username, self.db)

    def call(self, *args):
        with self.lock:
            connection = self.idle.pop() if self.idle else None
        if connection is None:
            connection = self._connect()
        try:
            result = connection.call(*args)
        except RedisError:
            self._give_back(connection)
            raise
        except Exception:
            connection.close()
            raise
        self._give_back(connection)
        return result

    def _give_back(self, connection):
        with self.lock:
            self.idle.append(connection)


# KEYS[1]: the client's sorted set. ARGV: limit, window in milliseconds, a
# member unique to this request. Scores are Redis's own clock (TIME), in
# milliseconds (13 digits: Lua turns numbers into strings with 14 significant
# digits, so microseconds would be rounded), so every instance sharing the
# Redis agrees on time. Returns {accepted (1/0), requests left, wait in
# milliseconds until a request will be accepted}.
SLIDING_LOG = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
"""


class RedisLimiter:
    def __init__(self, redis, limit, window):
        self.redis, self.limit = redis, limit
        self.script = SLIDING_LOG
        if fault("redis-no-ttl"):
            self.script = SLIDING_LOG.replace("  redis.call('PEXPIRE', key, window)\n", "")
        self.window_ms = max(1, math.ceil(window * 1000))
        self.prefix = "q3:ratelimit:"
        self.instance = os.urandom(6).hex()
        self.sequence = 0
        self.sequence_lock = threading.Lock()

    def hit(self, client):
        with self.sequence_lock:
            self.sequence += 1
            member = f"{self.instance}:{self.sequence}"
        if fault("redis-non-atomic"):
            return self._non_atomic(self.prefix + client, member)
        accepted, remaining, wait_ms = self.redis.call(
            "EVAL", self.script, "1", self.prefix + client, str(self.limit), str(self.window_ms), member)
        return Decision(accepted == 1, remaining, wait_ms / 1000)

    def _non_atomic(self, key, member):
        # The script's steps as separate commands: another request (to this
        # instance or another) can read the same count during the pause.
        seconds, micros = self.redis.call("TIME")
        now = int(seconds) * 1000 + int(micros) // 1000
        self.redis.call("ZREMRANGEBYSCORE", key, "-inf", str(now - self.window_ms))
        count = self.redis.call("ZCARD", key)
        if count >= self.limit:
            oldest = self.redis.call("ZRANGE", key, "0", "0", "WITHSCORES")
            wait_ms = float(oldest[1]) + self.window_ms - now if oldest else self.window_ms
            return Decision(False, 0, wait_ms / 1000)
        time.sleep(RACE_PAUSE)  # stands in for the application's work between the two
        self.redis.call("ZADD", key, str(now), member)
        self.redis.call("PEXPIRE", key, str(self.window_ms))
        return Decision(True, max(0, self.limit - count - 1))


# --- Notes (in memory) -------------------------------------------------------------


class Notes:
    def __init__(self):
        self.items, self.next_id, self.lock = {}, 1, threading.Lock()

    def create(self, text):
        with self.lock:
            note = {"id": self.next_id, "text": text}
            self.items[self.next_id] = note
            self.next_id += 1
            return note

    def get(self, note_id):
        with self.lock:
            return self.items.get(note_id)

    def all(self):
        with self.lock:
            return list(self.items.values())


# --- HTTP ---------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has a Content-Length
    disable_nagle_algorithm = True  # headers and body are separate writes (40 ms otherwise)
    server_version = "ratelimit-py/1.0"
    limiter = None  # set by main()
    config = None
    notes = None

    def dispatch(self):
        try:
            self.answer()
        except ConnectionError:
            # The client hung up (a check that timed out drops its requests):
            # nobody to answer, and nothing wrong with the server.
            self.close_connection = True

    def answer(self):
        self.extra_headers = []
        try:
            self.body = self.read_body()
            path = urlsplit(self.path).path
            route = find_route(path)
            handler = route[1].get(self.command) if route else None
            limited = path == "/api" or path.startswith("/api/") or (path == "/health" and fault("limits-health"))
            if limited and (handler is not None or not fault("unknown-routes-not-counted")):
                self.rate_limit()
            if route is None:
                raise ApiError(404, f"no such path: {path}")
            if handler is None:
                allow = ", ".join(route[1])
                raise ApiError(405, f"{self.command} is not allowed here; use {allow}", [("Allow", allow)])
            handler(self, *route[2])
        except ApiError as error:
            self.send_api_error(error)
        except ConnectionError:
            raise
        except Exception:
            traceback.print_exc()
            self.send_api_error(ApiError(500, "internal server error"))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = dispatch

    def log_request(self, code="-", size="-"):
        """Only server errors get a line: the grader sends ~25,000 requests a
        run, and quotes the service's last output lines when something goes wrong."""
        if isinstance(code, int) and code >= 500:
            super().log_request(code, size)

    # The middleware

    def client(self):
        if fault("global-budget"):
            return "everyone"
        if fault("trusts-x-forwarded-for") or (
                fault("trusts-forwarded-from-localhost") and self.client_address[0] == "127.0.0.1"):
            forwarded = self.headers.get("X-Forwarded-For", "").split(",")[0].strip()
            if forwarded:
                return forwarded
        return self.client_address[0]

    def rate_limit(self):
        try:
            decision = self.limiter.hit(self.client())
        except (OSError, RedisError) as error:
            log(f"rate limiter store unavailable: {error}")
            raise ApiError(503, "the rate limiter's store (Redis) is unavailable; try again shortly") from None
        if not fault("no-remaining-headers"):
            self.extra_headers += [
                ("X-RateLimit-Limit", str(self.config.limit)),
                ("X-RateLimit-Remaining", str(decision.remaining)),
            ]
        if decision.allowed:
            return
        headers = []
        if fault("lying-retry-after"):
            headers += [("Retry-After", "1"), ("X-RateLimit-Reset", str(math.ceil(time.time() + 1)))]
        elif not fault("no-reset-headers"):
            wait = max(0.0, decision.wait)
            reset = time.time() + wait
            if fault("reset-in-milliseconds"):
                reset *= 1000
            shown = f"{reset + 0.005:.2f}" if fault("fractional-reset") else str(math.ceil(reset))
            headers += [("Retry-After", str(max(1, math.ceil(wait)))), ("X-RateLimit-Reset", shown)]
        raise ApiError(429, f"too many requests: at most {self.config.limit} per "
                            f"{self.config.window:g} s; retry in {math.ceil(max(0.0, decision.wait))} s", headers)

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
                self.rfile.read(length)
            else:
                self.close_connection = True
            raise ApiError(413, f"the body is larger than {MAX_BODY} bytes")
        return self.rfile.read(length)

    def json_body(self):
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise ApiError(415, "the body must be JSON, sent with Content-Type: application/json")
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as error:
            raise ApiError(400, f"malformed JSON: {error}") from None

    # Writing answers

    def send_json(self, status, body, headers=()):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in [*self.extra_headers, *headers]:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def send_api_error(self, error):
        self.send_json(error.status, {"error": error.message}, error.headers)

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (bad request line, unknown method) as JSON too."""
        self.close_connection = True
        self.extra_headers = getattr(self, "extra_headers", [])
        self.send_api_error(ApiError(code, message or "bad request"))

    # Endpoints

    def health(self):
        self.send_json(200, {"status": "ok"})

    def list_notes(self):
        self.send_json(200, {"items": self.notes.all()})

    def create_note(self):
        body = self.json_body()
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise ApiError(422, "text must be a non-empty string")
        self.send_json(201, self.notes.create(text))

    def get_note(self, raw_id):
        note = self.notes.get(int(raw_id)) if raw_id.isdigit() and len(raw_id) < 19 else None
        if note is None:
            raise ApiError(404, f"no note with id {raw_id}")
        self.send_json(200, note)


ROUTES = [
    (re.compile(r"/health"), {"GET": Handler.health}),
    (re.compile(r"/api/notes"), {"GET": Handler.list_notes, "POST": Handler.create_note}),
    (re.compile(r"/api/notes/([^/]+)"), {"GET": Handler.get_note}),
]


def find_route(path):
    """(pattern, methods, path arguments) of the route matching `path`, or None."""
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            return pattern, methods, match.groups()
    return None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stopping must not wait for idle keep-alive connections
    request_queue_size = 256  # 100 clients at once must not overflow the backlog

    def handle_error(self, request, client_address):
        """A client that hangs up mid-request is not a server error: no traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_limiter(config):
    if config.redis_url and fault("redis-client-missing"):
        # What `import redis` says where the package is not installed; not
        # caught, like an import at the top of a module.
        raise ModuleNotFoundError("No module named 'redis'")
    if config.redis_url and not fault("redis-ignored"):
        try:
            redis = Redis(config.redis_url)
            answer = redis.call("PING")
            if answer != "PONG":
                raise ConnectionError(f"PING answered {answer!r}")
            return RedisLimiter(redis, config.limit, config.window), f"Redis at {config.redis_url}"
        except (OSError, RedisError, ValueError) as error:
            if not fault("redis-silent-fallback"):
                raise ConfigError(f"cannot reach Redis at REDIS_URL={config.redis_url}: {error}") from None
            log(f"warning: Redis unreachable ({error}); keeping limits in memory")
    limiter = MemoryLimiter(config.limit, config.window)
    if not fault("o-n-cleanup"):
        sweeper = threading.Thread(target=evict_forever, args=(limiter, max(1.0, min(config.window, 10.0))),
                                   name="evict-idle", daemon=True)
        sweeper.start()
    return limiter, "memory"


def main():
    global ACTIVE_FAULT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=sorted(FAULTS), help="switch on one deliberate bug")
    parser.add_argument("--list-faults", action="store_true", help="print the fault names and exit")
    args = parser.parse_args()
    if args.list_faults:
        print("\n".join(FAULTS))
        return
    ACTIVE_FAULT = args.fault

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        config = Config(os.environ)
        limiter, store = make_limiter(config)
    except ConfigError as error:
        log(f"error: {error}")
        sys.exit(1)
    Handler.config, Handler.limiter, Handler.notes = config, limiter, Notes()
    server = Server((config.host, config.port), Handler)
    log(f"ratelimit.py listening on http://{config.host}:{config.port}: {config.limit} requests per "
        f"{config.window:g} s per client, kept in {store}" + (f" (fault: {ACTIVE_FAULT})" if ACTIVE_FAULT else ""))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
