// The rate limiter: an Express middleware mounted first on the `/api`
// router (app.ts). It sees every request under `/api/` before any handler
// (even requests no route matches), and may answer on its own instead of
// calling `next()`.
//
// Today it lets every request through unchanged.
//
// TODO(q3): limit each client to `RATE_LIMIT_MAX_REQUESTS` requests in any
// rolling window of `RATE_LIMIT_WINDOW_SECS` seconds. The full contract is
// in the README; in short:
// - the client is the TCP peer IP address (`req.socket.remoteAddress`),
//   never a header such as `X-Forwarded-For` (nor `req.ip`, which reads it
//   as soon as Express's `trust proxy` is set);
// - over the limit: `429` with a JSON error body, `Retry-After` and
//   `X-RateLimit-Reset`; rejected requests do not count;
// - the limit holds under concurrent requests, and the memory used follows
//   the clients seen recently, not every client ever seen.

import type { RequestHandler } from 'express';

/** What the middleware needs to decide. */
// TODO(q3): give it what it needs to decide: the limit, the window, and
// where the requests of each client are remembered. `server.ts` creates
// the middleware and has the settings at hand.
export type RateLimitOptions = Record<string, never>;

export function rateLimit(_options: RateLimitOptions = {}): RequestHandler {
  return (_req, _res, next) => {
    // TODO(q3): decide here, before calling the handler. Over the limit,
    // answer without calling it: `next(error)` with a 429 error built in
    // errors.ts (its `headers` are sent with it), or `res.status(429)...`.
    // A middleware may be `async`: Express 5 forwards a rejected promise
    // to the error handler.

    // TODO(q3): under the limit, tell the client where it stands:
    // `X-RateLimit-Limit` and `X-RateLimit-Remaining` (bonus), set with
    // `res.set(...)` before `next()`.
    next();
  };
}
