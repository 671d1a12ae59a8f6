// Builds the Express app: the middleware, and the whole route table.

import express, { type Express, type RequestHandler } from 'express';

import { emptyBody, handleErrors, notJson } from './errors';
import { onlyMethods, unknownRoute } from './routes/fallback';
import { healthCheck } from './routes/health';
import { productHandlers } from './routes/products';
import type { Storage } from './storage';

/** The contract's body limit: larger bodies are answered 413. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export function buildApp(storage: Storage): Express {
  const app = express();
  app.disable('x-powered-by');
  routes(app, storage);
  app.use(unknownRoute);
  app.use(handleErrors);
  return app;
}

/** Every route the service answers. */
function routes(app: Express, storage: Storage): void {
  const products = productHandlers(storage);
  const json = jsonBody();
  app.get('/health', healthCheck);
  app
    .route('/products')
    .get(products.list)
    .post(json, products.create)
    .all(onlyMethods('GET', 'HEAD', 'POST'));
  app
    .route('/products/:id')
    .get(products.get)
    .put(json, products.replace)
    .patch(json, products.patch)
    .delete(products.remove)
    .all(onlyMethods('GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'));
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
