// Entry point: read settings, open the rate limiter's store, serve until
// SIGTERM.

import { buildApp } from './app';
import { openStore, rateLimit } from './rate-limit';
import { loadSettings } from './settings';
import { Notes } from './storage';

async function main(): Promise<void> {
  const settings = loadSettings();
  const policy = {
    maxRequests: settings.rateLimitMaxRequests,
    windowMs: settings.rateLimitWindowSecs * 1000,
  };
  // With REDIS_URL set, an unreachable Redis stops the start here, with
  // a message saying so, before the port is bound.
  const store = await openStore(policy, settings.redisUrl);
  const app = buildApp({ notes: new Notes(), rateLimiter: rateLimit({ policy, store }) });

  const server = app.listen(settings.port, settings.host, () => {
    const where = settings.redisUrl === undefined ? 'in memory' : 'in Redis';
    console.error(
      `listening on http://${settings.host}:${settings.port}; ` +
        `limit ${policy.maxRequests} requests per ${settings.rateLimitWindowSecs} s, kept ${where}`,
    );
  });
  // e.g. "listen EADDRINUSE: address already in use 127.0.0.1:8080"
  server.on('error', (err) => fail(err));

  // Graceful stop: no new connections, idle keep-alive ones closed, the
  // store closed once in-flight requests are done.
  const stop = () => {
    server.close(() => {
      store.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function fail(err: unknown): never {
  console.error(`q3-ratelimit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

main().catch(fail);
