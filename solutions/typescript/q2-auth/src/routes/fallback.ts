// Answers for requests no route takes: an unknown path (404), or a known
// path with a method it does not support (405 with an `Allow` header).

import type { RequestHandler } from 'express';

import { ApiError } from '../errors';

export const routeNotFound: RequestHandler = (req) => {
  throw new ApiError('route_not_found', `no route for ${req.method} ${req.path}`);
};

/** `allow` lists the methods the path does support, e.g. `"GET"`. */
export function methodNotAllowed(allow: string): RequestHandler {
  return (req) => {
    throw new ApiError('method_not_allowed', `method ${req.method} is not allowed on ${req.path}; allowed: ${allow}`, {
      allow,
    });
  };
}
