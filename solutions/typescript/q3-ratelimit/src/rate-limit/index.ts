// The rate limiter: a middleware (`rateLimit`), the policy it enforces,
// and the stores that remember each client's requests. `openStore` picks
// the store the settings ask for.

import type { Policy, RateLimitStore } from './policy';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';

export { rateLimit } from './middleware';
export type { Decision, Policy, RateLimitStore } from './policy';

/** Redis when `redisUrl` is set (shared by every instance), else memory. */
export async function openStore(policy: Policy, redisUrl: string | undefined): Promise<RateLimitStore> {
  return redisUrl === undefined ? new MemoryStore(policy) : RedisStore.connect(redisUrl, policy);
}
