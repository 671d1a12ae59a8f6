"""`Service`: the real service, started as a process, plus a tiny HTTP client.

Each test class starts its own service on a free port and talks to it the
way any client would. Standard library only.

Clients are told apart by IP address: `request(..., client=n)` connects
from 127.0.0.n (Linux routes all of 127.0.0.0/8 to loopback), so each `n`
is another client with a budget of its own.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_SECS = 20


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Service:
    """`python main.py` on a free port; `env` adds or overrides variables,
    e.g. `{"RATE_LIMIT_MAX_REQUESTS": "3", "RATE_LIMIT_WINDOW_SECS": "2"}`
    (keep windows short in tests: a few seconds)."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            **(env or {}),
        }
        self._process: subprocess.Popen | None = None

    def start(self) -> "Service":
        self._process = subprocess.Popen(
            [sys.executable, "main.py"],
            cwd=ROOT,
            env=self.env,
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
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def request(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        client: int = 1,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """Sends a request from 127.0.0.`client`; `json_body` is sent as JSON."""
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(f"127.0.0.{client}", 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
