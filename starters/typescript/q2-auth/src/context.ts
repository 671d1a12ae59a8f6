// What the route handlers share, built once at startup by `server.ts`.
// Whatever else every request needs (a password hasher, the token keys, the
// outbox) is built there once and added here, like the storage.

import type { Settings } from './settings';
import type { Storage } from './storage';

export interface Context {
  settings: Settings;
  storage: Storage;
}
