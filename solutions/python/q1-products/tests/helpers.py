"""`Service`: the real service, started as a process, plus a tiny HTTP client.

Each test class starts its own service on a free port with a throw-away
database, and talks to it the way any client would. Standard library only.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_SECS = 20


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Service:
    """`python main.py` on a free port, with its own database."""

    def __init__(self) -> None:
        self._db_dir = tempfile.TemporaryDirectory()
        self.database_path = Path(self._db_dir.name) / "products.db"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None

    def start(self) -> "Service":
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "DATABASE_PATH": str(self.database_path),
        }
        self._process = subprocess.Popen(
            [sys.executable, "main.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + READY_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the service exited with {self._process.returncode}")
            try:
                if self.request("GET", "/health").status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"no answer on /health within {READY_TIMEOUT_SECS} s")

    def stop(self) -> None:
        """Stops the process; the database stays until `close`."""
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def close(self) -> None:
        self.stop()
        self._db_dir.cleanup()

    def request(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Sends a request; `json_body` is sent as JSON, `data` as is."""
        headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            try:
                connection.request(method, path, body=data, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                # The service answered before reading the whole body (a 413
                # does) and closed the connection: its answer is still there.
                pass
            response = connection.getresponse()
            return Reply(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def create_product(self, body: dict) -> dict:
        """Creates a product for a test that is about something else."""
        reply = self.request("POST", "/products", body)
        assert reply.status == 201, f"creating {body}: {reply.status} {reply.body!r}"
        return reply.json()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
