// The exact rolling window: a client's accepted request times.
//
// A request at `now` is accepted iff fewer than `max` accepted requests are
// less than a window old. Only the last `max` times can matter, so the log
// is a ring of `max` slots: memory per client is fixed, and a decision
// costs O(1) amortised (each time is dropped once).

import type { Decision } from './policy';

export class SlidingLog {
  private readonly times: Float64Array;
  /** Index of the oldest time. */
  private start = 0;
  private size = 0;

  constructor(max: number) {
    this.times = new Float64Array(max);
  }

  /** Decides for a request at `now` and records it if accepted. */
  check(now: number, windowMs: number): Decision {
    this.dropOlderThan(now - windowMs);
    const max = this.times.length;
    if (this.size < max) {
      this.times[(this.start + this.size) % max] = now;
      this.size += 1;
      return { allowed: true, remaining: max - this.size };
    }
    // Full: a place frees up when the oldest time leaves the window.
    return { allowed: false, retryAfterMs: this.times[this.start] + windowMs - now };
  }

  /** True when no recorded request is younger than a window at `now`. */
  isIdle(now: number, windowMs: number): boolean {
    return this.size === 0 || this.newest() <= now - windowMs;
  }

  /** Times at or before `cutoff` are out of the window (it is half-open). */
  private dropOlderThan(cutoff: number): void {
    while (this.size > 0 && this.times[this.start] <= cutoff) {
      this.start = (this.start + 1) % this.times.length;
      this.size -= 1;
    }
  }

  private newest(): number {
    return this.times[(this.start + this.size - 1) % this.times.length];
  }
}
