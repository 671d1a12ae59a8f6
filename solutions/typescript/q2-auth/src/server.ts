// Entry point: read the settings, open what the service needs, serve until
// SIGTERM. Anything wrong at startup (no JWT_SECRET, a bad setting, a
// database that cannot be opened) stops the process with one line on
// stderr and a non-zero exit code.

import { createServer } from 'node:http';

import { createApp } from './app';
import { PasswordHasher } from './auth/passwords';
import { LoginThrottle } from './auth/throttle';
import { TokenService } from './auth/tokens';
import { log } from './log';
import { Outbox } from './mail';
import { loadSettings } from './settings';
import { Storage } from './storage';

/** Milliseconds in-flight requests get to finish after SIGTERM. */
const SHUTDOWN_TIMEOUT_MS = 2000;

async function main(): Promise<void> {
  const settings = loadSettings();
  const storage = new Storage(settings.databasePath);
  const app = createApp({
    settings,
    storage,
    outbox: await Outbox.open(settings.mailOutboxDir),
    passwords: await PasswordHasher.create(),
    tokens: new TokenService(settings.jwtSecret, settings.jwtTtlSecs),
    throttle: new LoginThrottle(settings.loginMaxFailures, settings.loginLockoutSecs),
  });

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  log.info(`listening on http://${settings.host}:${port}`);

  const shutdown = () => {
    log.info('shutting down');
    server.close(() => {
      storage.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  // e.g. "q2-auth: JWT_SECRET is not set: ..." or "listen EADDRINUSE ..."
  console.error(`q2-auth: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
