"""The Redis store, with a redis-server of the test's own (on a free port,
persisting nothing), stopped at the end. Needs the `redis-server` binary
(`apt-get install redis-server`, `brew install redis`); without it these
tests are reported as skipped, saying why."""

import shutil
import socket
import subprocess
import time
import unittest

from helpers import Service, free_port

REDIS_SERVER = shutil.which("redis-server")


@unittest.skipUnless(REDIS_SERVER, "redis-server is not installed")
class RedisTest(unittest.TestCase):
    def setUp(self) -> None:
        port = free_port()
        self.redis = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        self.addCleanup(self.redis.wait)
        self.addCleanup(self.redis.terminate)
        self.url = f"redis://127.0.0.1:{port}/"
        _wait_for_port(port)

    def start(self) -> Service:
        service = Service({"REDIS_URL": self.url, "RATE_LIMIT_MAX_REQUESTS": "4"}).start()
        self.addCleanup(service.stop)
        return service

    def test_two_instances_share_one_budget(self) -> None:
        first, second = self.start(), self.start()

        statuses = [
            service.request("GET", "/api/notes", client=20).status
            for service in (first, second, first, second, first, second)
        ]

        self.assertEqual(statuses, [200, 200, 200, 200, 429, 429])

    def test_an_unreachable_redis_stops_the_service_at_startup(self) -> None:
        service = Service({"REDIS_URL": f"redis://127.0.0.1:{free_port()}/"})

        with self.assertRaisesRegex(RuntimeError, "exited with 1"):
            service.start()


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not listen on port {port}")


if __name__ == "__main__":
    unittest.main()
