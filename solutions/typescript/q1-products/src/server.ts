// Entry point: read settings, open the database, serve until SIGTERM.

import { buildApp } from './app';
import { loadSettings } from './settings';
import { Storage } from './storage';

function main(): void {
  const settings = loadSettings();
  const storage = Storage.open(settings.databasePath);
  const app = buildApp(storage);

  const server = app.listen(settings.port, settings.host, () => {
    console.error(`listening on http://${settings.host}:${settings.port}`);
  });
  // e.g. "listen EADDRINUSE: address already in use 127.0.0.1:8080"
  server.on('error', (err) => {
    console.error(`q1-products: ${err.message}`);
    process.exit(1);
  });

  // Graceful stop: no new connections, idle keep-alive ones closed, the
  // database closed once in-flight requests are done.
  const stop = () => {
    server.close(() => {
      storage.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (err) {
  console.error(`q1-products: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
