// Limits kept in Redis, shared by every instance pointing at it.
//
// The same sliding log as in memory, as a sorted set per client, checked
// and updated by one Lua script: Redis runs it atomically, on its own clock
// (one clock for every instance), and `PEXPIRE` makes an idle client's key
// vanish a window after its last accepted request.

import { createHash } from 'node:crypto';

import { createClient } from 'redis';

import type { Decision, Policy, RateLimitStore } from './policy';

/**
 * `KEYS[1]`: the client's sorted set (members are accepted requests, scored
 * by their time in microseconds); `ARGV[1]`: the limit; `ARGV[2]`: the window
 * in microseconds. Returns `{accepted (1 or 0), remaining, microseconds until
 * a request is accepted (0 if accepted)}`. Microseconds since the epoch
 * (about 2^51) are exact in a Lua number.
 */
export const SLIDING_LOG_SCRIPT = `
local key = KEYS[1]
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < max then
  redis.call('ZADD', key, now, time[1] .. '.' .. time[2] .. ':' .. count)
  redis.call('PEXPIRE', key, math.ceil(window / 1000))
  return {1, max - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now}
`;

const SCRIPT_SHA = createHash('sha1').update(SLIDING_LOG_SCRIPT).digest('hex');

/** Prefix of every key the store writes: `ratelimit:127.0.0.2`. */
export const KEY_PREFIX = 'ratelimit:';

/** Longest wait for Redis at startup: connecting, then loading the script. */
const STARTUP_TIMEOUT_MS = 3000;
/** One attempt to open a connection, at startup or when reconnecting. */
const CONNECT_TIMEOUT_MS = 1000;
/** Longest wait for one decision. */
const CALL_TIMEOUT_MS = 500;

/** The part of the node-redis client the store uses. */
interface Connection {
  sendCommand(args: string[]): Promise<unknown>;
  destroy(): void;
}

/** Redis could not be used at startup. */
export class RedisUnavailable extends Error {}

export class RedisStore implements RateLimitStore {
  private constructor(
    private readonly client: Connection,
    private readonly policy: Policy,
  ) {}

  /**
   * Connects, checks that Redis answers and runs scripts, and keeps a
   * connection that reconnects by itself. Fails within a few seconds,
   * never hangs, when Redis is unreachable or does not answer.
   */
  static async connect(url: string, policy: Policy): Promise<RedisStore> {
    let connected = false;
    const client = createClient({
      url,
      // While the limiter cannot reach Redis, requests fail fast instead of
      // waiting in a queue for a reconnection.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        // At startup, one attempt: a clear error now rather than retries.
        reconnectStrategy: (retries, cause) =>
          connected ? Math.min(100 * 2 ** retries, 1000) : cause,
      },
    });
    // Without a listener an 'error' event would crash the process. Errors
    // at startup are reported once, below.
    client.on('error', (err) => connected && logThrottled(err));
    try {
      await withTimeout(
        (async () => {
          await client.connect();
          await client.sendCommand(['SCRIPT', 'LOAD', SLIDING_LOG_SCRIPT]);
        })(),
        STARTUP_TIMEOUT_MS,
      );
    } catch (err) {
      client.destroy();
      throw new RedisUnavailable(
        `cannot use Redis at REDIS_URL=${maskPassword(url)}: ${describe(err)}`,
      );
    }
    connected = true;
    return new RedisStore(client, policy);
  }

  async check(client: string): Promise<Decision> {
    const args = ['1', KEY_PREFIX + client, String(this.policy.maxRequests), String(this.policy.windowMs * 1000)];
    const run = async () => {
      try {
        return await this.client.sendCommand(['EVALSHA', SCRIPT_SHA, ...args]);
      } catch (err) {
        // Redis restarted or flushed its scripts: send the script itself.
        if (!describe(err).startsWith('NOSCRIPT')) throw err;
        return this.client.sendCommand(['EVAL', SLIDING_LOG_SCRIPT, ...args]);
      }
    };
    const reply = await withTimeout(run(), CALL_TIMEOUT_MS);
    return toDecision(reply);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function toDecision(reply: unknown): Decision {
  if (Array.isArray(reply) && reply.length === 3 && reply.every(Number.isInteger)) {
    const [accepted, remaining, waitUs] = reply as number[];
    if (accepted === 1) return { allowed: true, remaining };
    if (accepted === 0) return { allowed: false, retryAfterMs: waitUs / 1000 };
  }
  throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
}

/** Rejects when `promise` takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `redis://user:secret@host/` -> `redis://user:***@host/`. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Logs Redis client errors at most once a second (an outage would flood). */
let lastLogged = 0;
function logThrottled(err: unknown): void {
  const now = Date.now();
  if (now - lastLogged < 1000) return;
  lastLogged = now;
  console.error(`redis: ${describe(err)}`);
}
