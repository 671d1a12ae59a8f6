// Limits kept in this process: one sliding log per client in a `Map`.
//
// A decision is one map lookup, whatever the number of clients, and runs
// synchronously: Node runs one piece of JavaScript at a time, so a check
// and its record cannot interleave with another request's.
// A sweep once a window drops the clients idle for a whole window, so
// memory follows the clients active recently, not every client ever seen.

import { performance } from 'node:perf_hooks';

import type { Decision, Policy, RateLimitStore } from './policy';
import { SlidingLog } from './sliding-log';

export class MemoryStore implements RateLimitStore {
  private readonly logs = new Map<string, SlidingLog>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly policy: Policy,
    /** Monotonic milliseconds: wall-clock jumps must not move windows. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sweeper = setInterval(() => this.sweep(), policy.windowMs);
    // The sweeper alone must not keep the process alive.
    this.sweeper.unref();
  }

  check(client: string): Decision {
    let log = this.logs.get(client);
    if (log === undefined) {
      log = new SlidingLog(this.policy.maxRequests);
      this.logs.set(client, log);
    }
    return log.check(this.now(), this.policy.windowMs);
  }

  /** Clients tracked right now (for tests). */
  get size(): number {
    return this.logs.size;
  }

  /** Forgets every client that made no request in the last window. */
  sweep(): void {
    const now = this.now();
    for (const [client, log] of this.logs) {
      if (log.isIdle(now, this.policy.windowMs)) this.logs.delete(client);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}
