// The one place access tokens are checked: every protected route goes
// through `requireUser`, which leaves the token's account in
// `res.locals.user` or answers 401 with `WWW-Authenticate: Bearer`.

import type { RequestHandler } from 'express';

import { nowSecs } from '../clock';
import type { User } from '../domain/user';
import { ApiError } from '../errors';
import { log } from '../log';
import type { Storage } from '../storage';
import { TokenRejected, type TokenService } from './tokens';

declare global {
  namespace Express {
    interface Locals {
      /** Set by `requireUser` on the routes it protects. */
      user?: User;
    }
  }
}

/** A token's `iat` may be this far ahead of our clock, no more. */
const MAX_FUTURE_IAT_SECS = 60;

/** `Authorization: Bearer <token>`; the scheme name in any case (RFC 9110). */
const BEARER = /^Bearer +([A-Za-z0-9\-_.+/=~]+) *$/i;

export function requireUser(storage: Storage, tokens: TokenService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('Authorization');
    if (header === undefined) {
      throw ApiError.unauthenticated('an access token is required: `Authorization: Bearer <token>`', false);
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw ApiError.unauthenticated('the Authorization header must be `Bearer <token>`', true);
    }

    const refuse = (reason: string): ApiError => {
      log.info(`${req.method} ${req.path}: access token refused: ${reason}`);
      return ApiError.unauthenticated('the access token is invalid or has expired', true);
    };
    let verified;
    try {
      verified = tokens.verify(token);
    } catch (err) {
      if (err instanceof TokenRejected) throw refuse(err.message);
      throw err;
    }
    if (verified.issuedAt > nowSecs() + MAX_FUTURE_IAT_SECS) throw refuse('iat is in the future');
    const owner = storage.tokenOwner(verified.userId);
    if (owner === undefined) throw refuse('sub names no account');
    // Whole seconds: a token issued in the same second as a reset survives
    // it, or the first login with the new password would be refused too.
    if (owner.passwordChangedAt !== null && verified.issuedAt < owner.passwordChangedAt) {
      throw refuse('issued before the last password reset');
    }

    res.locals.user = owner.user;
    next();
  };
}

/** The account `requireUser` authenticated; only for routes behind it. */
export function currentUser(locals: { user?: User }): User {
  if (locals.user === undefined) throw new Error('route is not behind requireUser');
  return locals.user;
}
