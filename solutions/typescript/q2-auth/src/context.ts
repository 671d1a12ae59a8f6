// What the route handlers share, built once at startup by `server.ts`.

import type { LoginThrottle } from './auth/throttle';
import type { PasswordHasher } from './auth/passwords';
import type { TokenService } from './auth/tokens';
import type { Outbox } from './mail';
import type { Settings } from './settings';
import type { Storage } from './storage';

export interface Context {
  settings: Settings;
  storage: Storage;
  outbox: Outbox;
  passwords: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
}
