// `POST /auth/login`: trades an email and a password for an access token.

import type { RequestHandler } from 'express';

import type { Context } from '../context';
import { ApiError } from '../errors';

/** Answers 501 for now. */
// TODO(q2): log in. Body `{"email", "password"}` (400/422 when malformed or
// a field is missing). Answer 200 with
// `{"access_token": "<JWT>", "token_type": "Bearer", "expires_in": <secs>}`:
// an HS256 JWT signed with `JWT_SECRET` (`jsonwebtoken` is already a
// dependency), claims `sub` (the user id, as a string), `iat` and `exp`
// (= `iat` + `JWT_TTL_SECS`), nothing secret.
// - A wrong password and an unknown email get the same 401 and the same
//   body, and take about the same time: verify against a dummy bcrypt hash
//   when no account has the email, or response times tell who has one.
// - Verify with the async API (`await bcrypt.compare(...)`), like hashing.
// Bonus (throttling): after `LOGIN_MAX_FAILURES` failed logins for one email
// within `LOGIN_LOCKOUT_SECS`, answer 429 with `Retry-After` to every login
// for that email until the lockout ends, even with the right password; a
// successful login resets the count.
export function login(_context: Context): RequestHandler {
  return () => {
    throw new ApiError('not_implemented', 'POST /auth/login is not implemented yet');
  };
}
