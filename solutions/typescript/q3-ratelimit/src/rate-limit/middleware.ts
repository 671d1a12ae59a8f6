// The Express middleware: asks the store about each request, then lets it
// through with `X-RateLimit-*` headers or answers 429 itself.

import type { RequestHandler } from 'express';

import { tooManyRequests } from '../errors';
import { clientKey } from './client';
import type { Policy, RateLimitStore } from './policy';

export interface RateLimitOptions {
  policy: Policy;
  store: RateLimitStore;
}

export function rateLimit({ policy, store }: RateLimitOptions): RequestHandler {
  let failures = 0;
  return async (req, res, next) => {
    let decision;
    try {
      decision = await store.check(clientKey(req));
    } catch (err) {
      // Fail open: a limiter must not turn a cache outage into an API
      // outage. The request is served without limiting, and logged.
      failures += 1;
      if (failures === 1 || failures % 1000 === 0) {
        console.error(`rate limiter: store unavailable, serving unlimited (${failures} so far):`, err);
      }
      next();
      return;
    }
    res.set('X-RateLimit-Limit', String(policy.maxRequests));
    if (decision.allowed) {
      res.set('X-RateLimit-Remaining', String(decision.remaining));
      next();
      return;
    }
    // Both rounded up: a request at or after either moment is accepted.
    const retryAfterSecs = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const resetAt = Math.ceil((Date.now() + decision.retryAfterMs) / 1000);
    res.set('X-RateLimit-Remaining', '0');
    throw tooManyRequests(policy, retryAfterSecs, resetAt);
  };
}
