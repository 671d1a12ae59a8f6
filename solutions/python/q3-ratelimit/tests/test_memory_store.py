"""The sliding log of the memory store, on a clock the test moves."""

import sys
import unittest
from pathlib import Path

# The tests run from `tests/`; the app package sits one level up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.rate_limit import Decision, MemoryStore, Policy  # noqa: E402


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class MemoryStoreTest(unittest.TestCase):
    def setUp(self) -> None:
        self.clock = FakeClock()
        self.store = MemoryStore(Policy(max_requests=3, window_secs=10), clock=self.clock)

    def hits(self, client: str, count: int) -> list[bool]:
        return [self.store.decide(client).allowed for _ in range(count)]

    def test_the_limit_is_counted_per_client(self) -> None:
        self.assertEqual(self.hits("a", 4), [True, True, True, False])
        self.assertEqual(self.hits("b", 1), [True])

    def test_remaining_counts_down_to_zero(self) -> None:
        remaining = [self.store.decide("a").remaining for _ in range(4)]

        self.assertEqual(remaining, [2, 1, 0, 0])

    def test_the_window_rolls_instead_of_resetting(self) -> None:
        self.hits("a", 1)  # t = 0
        self.clock.now += 9
        self.hits("a", 2)  # t = 9: the budget is spent

        self.clock.now += 1  # t = 10: only the first request has left
        self.assertEqual(self.hits("a", 2), [True, False])

    def test_a_refusal_says_when_the_oldest_request_leaves_the_window(self) -> None:
        self.hits("a", 3)
        self.clock.now += 4

        decision = self.store.decide("a")

        self.assertEqual(decision, Decision(allowed=False, limit=3, remaining=0, retry_after_secs=6))
        self.clock.now += 6
        self.assertTrue(self.store.decide("a").allowed)

    def test_refused_requests_do_not_count(self) -> None:
        self.hits("a", 3)
        for _ in range(5):
            self.clock.now += 1
            self.hits("a", 1)  # refused

        self.clock.now += 5  # 10 s after the first three
        self.assertEqual(self.hits("a", 3), [True, True, True])

    def test_idle_clients_are_forgotten_once_their_window_has_passed(self) -> None:
        for client in range(100):
            self.store.decide(f"client {client}")
        self.clock.now += 10

        self.store.decide("newcomer")

        self.assertEqual(self.store.tracked_clients(), 1)

    def test_headers_round_up_and_agree(self) -> None:
        refused = Decision(allowed=False, limit=3, remaining=0, retry_after_secs=5.2)

        headers = refused.headers(now_unix=1_700_000_000.5)

        self.assertEqual(headers["Retry-After"], "6")
        self.assertEqual(headers["X-RateLimit-Reset"], "1700000006")
        self.assertEqual(headers["X-RateLimit-Remaining"], "0")


if __name__ == "__main__":
    unittest.main()
