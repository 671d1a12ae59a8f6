"""The rate limiter, through the real HTTP service. Each test uses its own
client addresses (127.0.0.n), so tests sharing a service do not interfere."""

import threading
import time
import unittest

from helpers import Service

LIMIT = 5


class RateLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.service = Service({"RATE_LIMIT_MAX_REQUESTS": str(LIMIT)}).start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.service.stop()

    def statuses(self, count: int, client: int, path: str = "/api/notes", **kwargs) -> list[int]:
        return [self.service.request("GET", path, client=client, **kwargs).status for _ in range(count)]

    def test_requests_over_the_limit_get_429_with_the_headers(self) -> None:
        self.assertEqual(self.statuses(LIMIT, client=10), [200] * LIMIT)

        reply = self.service.request("GET", "/api/notes", client=10)

        self.assertEqual(reply.status, 429)
        self.assertTrue(reply.json()["error"])
        retry_after = int(reply.headers["retry-after"])
        self.assertTrue(1 <= retry_after <= 60)
        self.assertAlmostEqual(int(reply.headers["x-ratelimit-reset"]), time.time() + retry_after, delta=2)
        self.assertEqual(reply.headers["x-ratelimit-remaining"], "0")

    def test_accepted_requests_say_what_is_left(self) -> None:
        reply = self.service.request("GET", "/api/notes", client=11)

        self.assertEqual(reply.headers["x-ratelimit-limit"], str(LIMIT))
        self.assertEqual(reply.headers["x-ratelimit-remaining"], str(LIMIT - 1))

    def test_clients_are_independent(self) -> None:
        self.statuses(LIMIT + 1, client=12)

        self.assertEqual(self.statuses(1, client=13), [200])

    def test_forwarding_headers_do_not_make_another_client(self) -> None:
        for n in range(LIMIT):
            headers = {"X-Forwarded-For": f"10.0.0.{n}", "X-Real-IP": f"10.0.1.{n}"}
            self.service.request("GET", "/api/notes", client=14, headers=headers)

        reply = self.service.request("GET", "/api/notes", client=14, headers={"X-Forwarded-For": "10.9.9.9"})

        self.assertEqual(reply.status, 429)

    def test_every_api_route_counts_even_a_404_and_health_is_never_limited(self) -> None:
        self.service.request("POST", "/api/notes", {"text": "milk"}, client=15)
        self.service.request("GET", "/api/notes/1", client=15)
        self.statuses(LIMIT - 2, client=15, path="/api/no-such-route")

        self.assertEqual(self.statuses(1, client=15), [429])
        self.assertEqual(self.statuses(3, client=15, path="/health"), [200] * 3)

    def test_simultaneous_requests_get_exactly_the_limit_through(self) -> None:
        statuses: list[int] = []

        def hit() -> None:
            statuses.append(self.service.request("GET", "/api/notes", client=16).status)

        threads = [threading.Thread(target=hit) for _ in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(statuses.count(200), LIMIT)
        self.assertEqual(statuses.count(429), 30 - LIMIT)


class ShortWindowTest(unittest.TestCase):
    """A 2-request, 2-second window, to watch it roll."""

    def setUp(self) -> None:
        self.service = Service({"RATE_LIMIT_MAX_REQUESTS": "2", "RATE_LIMIT_WINDOW_SECS": "2"}).start()
        self.addCleanup(self.service.stop)

    def test_the_reset_promise_is_kept_and_refusals_do_not_count(self) -> None:
        self.service.request("GET", "/api/notes")
        self.service.request("GET", "/api/notes")
        refused = self.service.request("GET", "/api/notes")
        self.assertEqual(refused.status, 429)

        time.sleep(max(0.0, int(refused.headers["x-ratelimit-reset"]) - time.time()))

        self.assertEqual(self.service.request("GET", "/api/notes").status, 200)


if __name__ == "__main__":
    unittest.main()
