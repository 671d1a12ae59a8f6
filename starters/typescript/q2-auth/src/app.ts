// Builds the Express app: the whole route table, in one place.

import express, { type Express } from 'express';

import type { Context } from './context';
import { errorHandler } from './errors';
import { jsonBody } from './jsonBody';
import { accessLog } from './log';
import { methodNotAllowed, routeNotFound } from './routes/fallback';
import { health } from './routes/health';
import { login } from './routes/login';
import { register } from './routes/register';
import { getUser } from './routes/users';

export function createApp(context: Context): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog);

  // Each path lists its methods twice: as routes, and in the `Allow` header
  // its 405 sends.
  // TODO(q2): add `GET /users/me` (before `/users/:id`, which would match it
  // too) and, bonus, `POST /auth/password-reset` and
  // `POST /auth/password-reset/confirm`:
  // - `POST /auth/password-reset` `{"email"}`: always 202 with the same body,
  //   whether or not an account has the email. For an account, write one
  //   email (one new file) into `MAIL_OUTBOX_DIR` with the recipient's
  //   address and the link `{PUBLIC_BASE_URL}/reset-password?token=<token>`:
  //   at least 128 bits from a CSPRNG (`crypto.randomBytes`), only
  //   `A-Z a-z 0-9 - _`. The link comes from the settings, never from the
  //   request's `Host` header. Store only a hash of the token, with its
  //   expiry (`RESET_TOKEN_TTL_SECS`).
  // - `POST /auth/password-reset/confirm` `{"token", "new_password"}`: 204;
  //   400 for an unknown, used or expired token; 422 for a weak password.
  //   The token works once, even when two requests race. Afterwards the new
  //   password logs in, the old one does not, and access tokens issued
  //   before the reset are refused.
  app.route('/health').get(health).all(methodNotAllowed('GET'));
  app.route('/auth/register').post(jsonBody, register(context)).all(methodNotAllowed('POST'));
  app.route('/auth/login').post(jsonBody, login(context)).all(methodNotAllowed('POST'));
  app.route('/users/:id').get(getUser(context)).all(methodNotAllowed('GET'));

  app.use(routeNotFound);
  app.use(errorHandler);
  return app;
}
