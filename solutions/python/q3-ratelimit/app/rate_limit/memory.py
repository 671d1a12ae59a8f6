"""The in-memory store: one instance's limits, in this process."""

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from app.rate_limit.policy import Decision, Policy


class MemoryStore:
    """A sliding log per client: the times of its accepted requests.

    - Atomic: `hit` never awaits, so on the event loop no other request
      runs between the count and the record.
    - Cost: O(1) per decision (amortised), whatever the number of clients.
    - Memory follows the clients active in the last window: `_logs` is
      ordered by each client's latest accepted request, so the idle ones
      sit at the front and are dropped there as their last request leaves
      the window, a few at a time, by the requests that come along.
    """

    def __init__(self, policy: Policy, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        # Monotonic: a wall-clock jump must not open or close windows.
        self._clock = clock
        self._logs: OrderedDict[str, deque[float]] = OrderedDict()

    async def hit(self, client: str) -> Decision:
        return self.decide(client)

    def decide(self, client: str) -> Decision:
        limit, window = self.policy.max_requests, self.policy.window_secs
        now = self._clock()
        horizon = now - window  # requests at or before it no longer count
        self._drop_idle_clients(horizon)

        log = self._logs.get(client)
        if log is None:
            log = self._logs[client] = deque(maxlen=limit)
        while log and log[0] <= horizon:
            log.popleft()

        if len(log) < limit:
            log.append(now)
            self._logs.move_to_end(client)
            return Decision(allowed=True, limit=limit, remaining=limit - len(log), retry_after_secs=0.0)
        # Refused requests are not recorded: hammering does not extend the wait.
        return Decision(allowed=False, limit=limit, remaining=0, retry_after_secs=log[0] + window - now)

    def tracked_clients(self) -> int:
        return len(self._logs)

    async def close(self) -> None:
        self._logs.clear()

    def _drop_idle_clients(self, horizon: float) -> None:
        while self._logs:
            latest = next(iter(self._logs.values()))
            if latest and latest[-1] > horizon:
                return
            self._logs.popitem(last=False)
