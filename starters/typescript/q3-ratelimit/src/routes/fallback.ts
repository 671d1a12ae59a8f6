// Answers for requests no handler takes: a known path with a method it does
// not support (405), and an unknown path (404). Both go through errors.ts,
// so their bodies are JSON like every other error.

import type { RequestHandler } from 'express';

import { methodNotAllowed, routeNotFound } from '../errors';

/** 405 with an `Allow` header naming the methods the path supports. */
export function onlyMethods(...allowed: string[]): RequestHandler {
  return (req) => {
    throw methodNotAllowed(req.method, allowed);
  };
}

/** 404 for every request no route answered. */
export const unknownRoute: RequestHandler = (req) => {
  throw routeNotFound(req.method, req.originalUrl.split('?')[0]);
};
