// What a limit is, and the answer a store gives for one request.

/** At most `maxRequests` accepted requests in any window of `windowMs`. */
export interface Policy {
  maxRequests: number;
  windowMs: number;
}

/** A store's answer for one request; an accepted request has been recorded. */
export type Decision =
  | { allowed: true; /** Requests still accepted right now. */ remaining: number }
  | { allowed: false; /** Wait until a request will be accepted. */ retryAfterMs: number };

/**
 * Where the requests of each client are remembered. `check` decides and
 * records atomically: two requests of one client never both take the last
 * place.
 */
export interface RateLimitStore {
  check(client: string): Decision | Promise<Decision>;
  close(): Promise<void>;
}
