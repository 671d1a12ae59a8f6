// `GET /users/me` and `GET /users/{id}`: the caller's own account. Both sit
// behind `requireUser` (see `app.ts`), which answers 401 for a missing or
// bad token.

import type { RequestHandler } from 'express';

import { currentUser } from '../auth/middleware';
import { ApiError } from '../errors';

export const me: RequestHandler = (_req, res) => {
  res.json(currentUser(res.locals));
};

/**
 * 200 for the caller's own id; 403 for any other, whether an account has
 * it or not (a 404 would tell who exists).
 */
export const userById: RequestHandler<{ id: string }> = (req, res) => {
  const user = currentUser(res.locals);
  if (req.params.id !== String(user.id)) {
    throw new ApiError('forbidden', 'an access token only gives access to its own account');
  }
  res.json(user);
};
