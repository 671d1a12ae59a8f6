// Login throttling: after `LOGIN_MAX_FAILURES` failed logins for one email
// within `LOGIN_LOCKOUT_SECS`, every login for that email is refused (429)
// for `LOGIN_LOCKOUT_SECS`, even with the right password.
//
// Keyed by the canonical email whether or not an account has it: locking
// only real accounts would tell who has one. Kept in memory: one process
// serves the database, and a restart forgetting a lockout is acceptable.
// (Several processes would share the records in the database or Redis.)

interface FailureRecord {
  /** Failures since `windowStart`. */
  failures: number;
  windowStart: number;
  /** Until when logins are refused, once `failures` reached the limit. */
  lockedUntil?: number;
}

/** Past this many records, expired ones are swept out as failures come in. */
const SWEEP_ABOVE = 10_000;

export class LoginThrottle {
  readonly #records = new Map<string, FailureRecord>();
  readonly #lockoutMs: number;

  constructor(
    private readonly maxFailures: number,
    lockoutSecs: number,
  ) {
    this.#lockoutMs = lockoutSecs * 1000;
  }

  /** Whole seconds until `email` may log in again (at least 1), or `undefined` if it may now. */
  retryAfterSecs(email: string, now = Date.now()): number | undefined {
    const until = this.#records.get(email)?.lockedUntil;
    return until !== undefined && until > now ? Math.ceil((until - now) / 1000) : undefined;
  }

  /**
   * Counts a failure. Failures are counted in a window that opens at the
   * first one and lasts the lockout; the `maxFailures`-th locks the email
   * from then on. A failure while locked never extends the lockout.
   */
  recordFailure(email: string, now = Date.now()): void {
    if (this.retryAfterSecs(email, now) !== undefined) return;
    let record = this.#records.get(email);
    if (record === undefined || record.lockedUntil !== undefined || now - record.windowStart >= this.#lockoutMs) {
      record = { failures: 0, windowStart: now };
    }
    record.failures += 1;
    if (record.failures >= this.maxFailures) record.lockedUntil = now + this.#lockoutMs;
    this.#records.set(email, record);
    if (this.#records.size > SWEEP_ABOVE) this.#sweep(now);
  }

  /** A successful login (or a password reset) clears the count. */
  reset(email: string): void {
    this.#records.delete(email);
  }

  #sweep(now: number): void {
    for (const [email, record] of this.#records) {
      const end = record.lockedUntil ?? record.windowStart + this.#lockoutMs;
      if (end <= now) this.#records.delete(email);
    }
  }
}
