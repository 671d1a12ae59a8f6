// Builds the Express app: the middleware, and the whole route table.

import express, { type Express, type RequestHandler } from 'express';

import { handleErrors } from './errors';
import { healthCheck } from './routes/health';
import { productHandlers } from './routes/products';
import type { Storage } from './storage';

export function buildApp(storage: Storage): Express {
  const app = express();
  app.disable('x-powered-by');
  // Parses bodies sent as `Content-Type: application/json` into `req.body`.
  app.use(express.json());
  routes(app, storage);
  app.use(handleErrors);
  return app;
}

/** Every route the service answers. */
// TODO(q1): add `PUT` and `DELETE` (bonus: `PATCH`) on `/products/:id`.
// A known path with an unsupported method must answer 405 with a JSON error
// body (bonus: an `Allow` header listing the supported methods), see
// `methodNotAllowed`; an unknown path, 404 with a JSON body: Express's
// default is an HTML page (a last `app.use(...)` before the error handler
// catches every request no route answered).
function routes(app: Express, storage: Storage): void {
  const products = productHandlers(storage);
  app.get('/health', healthCheck);
  app
    .route('/products')
    .get(products.list)
    .post(products.create)
    .all(methodNotAllowed('GET', 'POST'));
  app
    .route('/products/:id')
    .get(products.get)
    .all(methodNotAllowed('GET'));
}

/** 405 for a method the path does not support, with an `Allow` header. */
function methodNotAllowed(...allowed: string[]): RequestHandler {
  return (_req, res) => {
    res.set('Allow', allowed.join(', ')).status(405).end();
  };
}
