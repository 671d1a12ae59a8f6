// Builds the Express app: the middleware, and the whole route table, with
// the rate limiter in front of `/api`.

import express, { type Express, type RequestHandler, Router } from 'express';

import { emptyBody, handleErrors, notJson } from './errors';
import { onlyMethods, unknownRoute } from './routes/fallback';
import { healthCheck } from './routes/health';
import { noteHandlers } from './routes/notes';
import type { Notes } from './storage';

/** Largest request body accepted: 1 MiB. Larger ones get 413. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppParts {
  notes: Notes;
  /** Runs before every route under `/api`. */
  rateLimiter: RequestHandler;
}

export function buildApp({ notes, rateLimiter }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  // `/health` is outside `/api`, so the rate limiter never sees it.
  app.route('/health').get(healthCheck).all(onlyMethods('GET', 'HEAD'));
  app.use('/api', apiRoutes(notes, rateLimiter));
  app.use(unknownRoute);
  app.use(handleErrors);
  return app;
}

/**
 * The routes under `/api`, all behind the rate limiter; so is the 404 for a
 * path under `/api` that matches none of them. Each path lists its methods
 * twice: as routes, and in the `Allow` header its 405 sends.
 */
function apiRoutes(notes: Notes, rateLimiter: RequestHandler): Router {
  const handlers = noteHandlers(notes);
  const json = jsonBody();
  const api = Router();
  api.use(rateLimiter);
  api
    .route('/notes')
    .get(handlers.list)
    .post(json, handlers.create)
    .all(onlyMethods('GET', 'HEAD', 'POST'));
  api.route('/notes/:id').get(handlers.get).all(onlyMethods('GET', 'HEAD'));
  api.use(unknownRoute);
  return api;
}

/**
 * For the routes that read a body: 415 unless it is declared JSON (express.json()
 * alone would skip it and leave the route without a body), then parse it,
 * up to 1 MiB; 400 when there is nothing to parse.
 */
function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const mediaType = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
    next(mediaType === 'application/json' ? undefined : notJson());
  };
  const requireBody: RequestHandler = (req, _res, next) => {
    next(req.body === undefined ? emptyBody() : undefined);
  };
  return [requireJson, express.json({ limit: BODY_LIMIT_BYTES }), requireBody];
}
