// Entry point: read the settings, open the database, serve until SIGTERM.
// Anything wrong at startup (a bad setting, a database that cannot be
// opened, a port in use) stops the process with one line on stderr and a
// non-zero exit code.

import { createServer } from 'node:http';

import { createApp } from './app';
import { log } from './log';
import { loadSettings } from './settings';
import { Storage } from './storage';

/** Milliseconds in-flight requests get to finish after SIGTERM. */
const SHUTDOWN_TIMEOUT_MS = 2000;

async function main(): Promise<void> {
  const settings = loadSettings();
  const storage = new Storage(settings.databasePath);
  const app = createApp({ settings, storage });

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
  // e.g. "q2-auth: PORT must be a whole number ..." or "listen EADDRINUSE ..."
  console.error(`q2-auth: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
