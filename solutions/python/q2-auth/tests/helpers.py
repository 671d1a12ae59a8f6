"""`TestApp`: the real service, started as a process, plus helpers to talk
to it over HTTP with the standard library only."""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The `JWT_SECRET` of every test app, for tests that forge tokens.
SECRET = "test-secret-that-is-at-least-32-bytes-long"

# A password that passes every rule of the contract.
PASSWORD = "correct horse battery"


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class TestApp:
    """The service on a free port, with a fresh database and outbox in a
    temporary folder (its working directory too)."""

    def __init__(self, **env: str) -> None:
        """`env` adds or overrides variables, e.g. `JWT_TTL_SECS="2"`."""
        self._dir = tempfile.TemporaryDirectory()
        self.dir = Path(self._dir.name)
        self.outbox = self.dir / "outbox"
        self.port = free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "DATABASE_PATH": str(self.dir / "auth.db"),
            "JWT_SECRET": SECRET,
            "MAIL_OUTBOX_DIR": str(self.outbox),
            "PUBLIC_BASE_URL": "http://reset.example.test:9999",
            **env,
        }
        self._log = open(self.dir / "service.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py")],
            cwd=self.dir,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited early:\n{self.output()}")
            try:
                if self.get("/health").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the service was not ready within {timeout} s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self._dir.cleanup()

    def output(self) -> str:
        """Everything the service printed so far."""
        return (self.dir / "service.log").read_text(errors="replace")

    def request(self, method, path, body=None, headers=None) -> Response:
        """Any request; `body` is sent as is (bytes or str). A service may
        answer before reading the whole body (a 413 does) and close the
        connection while the rest is still being sent: its answer is read
        all the same."""
        if isinstance(body, str):
            body = body.encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            try:
                connection.request(method, path, body=body, headers=headers or {})
            except (BrokenPipeError, ConnectionResetError):
                pass
            res = connection.getresponse()
            return Response(res.status, res.headers, res.read())
        finally:
            connection.close()

    def get(self, path, headers=None) -> Response:
        return self.request("GET", path, headers=headers)

    def post_json(self, path, value, headers=None) -> Response:
        headers = {"Content-Type": "application/json", **(headers or {})}
        return self.request("POST", path, json.dumps(value), headers)

    def register(self, email, password=PASSWORD) -> Response:
        return self.post_json("/auth/register", {"email": email, "password": password})

    def login(self, email, password=PASSWORD) -> Response:
        return self.post_json("/auth/login", {"email": email, "password": password})

    def token_for(self, email, password=PASSWORD) -> str:
        """Logs in, for a test about something else; returns the access token."""
        response = self.login(email, password)
        assert response.status == 200, f"logging in {email}: {response.status} {response.body}"
        return response.json()["access_token"]

    def get_with_token(self, path, token) -> Response:
        return self.get(path, {"Authorization": f"Bearer {token}"})

    def outbox_messages(self) -> list[str]:
        """The text of every message in the outbox, oldest name first."""
        if not self.outbox.exists():
            return []
        return [path.read_text() for path in sorted(self.outbox.glob("*.eml"))]

    def create_user(self, email) -> dict:
        """Registers an account for a test about something else; returns
        the body, `{"id", "email"}`."""
        response = self.register(email)
        assert response.status == 201, f"registering {email}: {response.status} {response.body}"
        return response.json()


class ServiceTestCase(unittest.TestCase):
    """Each test gets its own service in `self.app`. Set `env` on a subclass
    to start it with other settings."""

    env: dict[str, str] = {}

    def setUp(self) -> None:
        self.app = TestApp(**self.env)

    def tearDown(self) -> None:
        self.app.stop()

    def assert_error(self, response: Response, status: int) -> dict:
        """The status, and a JSON body with a non-empty `error` message."""
        self.assertEqual(response.status, status, response.body)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        body = response.json()
        self.assertTrue(body.get("error"), f"no error message in {body}")
        return body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
