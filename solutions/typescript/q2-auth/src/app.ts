// Builds the Express app: the whole route table, in one place.

import express, { type Express } from 'express';

import { requireUser } from './auth/middleware';
import type { Context } from './context';
import { errorHandler } from './errors';
import { jsonBody } from './jsonBody';
import { accessLog } from './log';
import { methodNotAllowed, routeNotFound } from './routes/fallback';
import { health } from './routes/health';
import { login } from './routes/login';
import { confirmReset, requestReset } from './routes/passwordReset';
import { register } from './routes/register';
import { me, userById } from './routes/users';

export function createApp(context: Context): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog);

  const authenticated = requireUser(context.storage, context.tokens);

  // Each path lists its methods twice: as routes, and in the `Allow` header
  // its 405 sends.
  app.route('/health').get(health).all(methodNotAllowed('GET'));
  app.route('/auth/register').post(jsonBody, register(context)).all(methodNotAllowed('POST'));
  app.route('/auth/login').post(jsonBody, login(context)).all(methodNotAllowed('POST'));
  app.route('/auth/password-reset').post(jsonBody, requestReset(context)).all(methodNotAllowed('POST'));
  app
    .route('/auth/password-reset/confirm')
    .post(jsonBody, confirmReset(context))
    .all(methodNotAllowed('POST'));
  // `/users/me` before `/users/:id`, which would match it too.
  app.route('/users/me').get(authenticated, me).all(methodNotAllowed('GET'));
  app.route('/users/:id').get(authenticated, userById).all(methodNotAllowed('GET'));

  app.use(routeNotFound);
  app.use(errorHandler);
  return app;
}
