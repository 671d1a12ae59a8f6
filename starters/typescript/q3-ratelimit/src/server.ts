// Entry point: read settings, build the app, serve until SIGTERM.

import { buildApp } from './app';
import { rateLimit } from './rate-limit';
import { loadSettings } from './settings';
import { Notes } from './storage';

/**
 * `async` so that startup can wait for something before serving, e.g. a
 * connection to a store shared by several instances.
 */
async function main(): Promise<void> {
  const settings = loadSettings();
  // TODO(q3): build the rate limiter from the settings
  // (`rateLimitMaxRequests`, `rateLimitWindowSecs`, and `redisUrl` for the
  // advanced variant).
  const rateLimiter = rateLimit();
  const app = buildApp({ notes: new Notes(), rateLimiter });

  const server = app.listen(settings.port, settings.host, () => {
    console.error(`listening on http://${settings.host}:${settings.port}`);
  });
  // e.g. "listen EADDRINUSE: address already in use 127.0.0.1:8080"
  server.on('error', (err) => fail(err));

  // Graceful stop: no new connections, idle keep-alive ones closed.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function fail(err: unknown): never {
  console.error(`q3-ratelimit-starter: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

main().catch(fail);
