// `GET /users/{id}`: an account.

import type { RequestHandler } from 'express';

import type { Context } from '../context';
import { ApiError } from '../errors';

/** 200 with `{"id", "email"}`; 404 for an unknown id. */
// TODO(q2): this answers anyone, about any account. Require an access token
// (`Authorization: Bearer <token>`, the scheme in any case) and answer 200
// only when `{id}` is the token's own user; 403 for any other id, whether an
// account has it or not (a 404 would tell who exists); 401 with a
// `WWW-Authenticate: Bearer` header when the token is missing or bad. Also
// add `GET /users/me`, the token's own account.
// Checking the token belongs in one place that every protected route goes
// through: a middleware put before the handler in `app.ts`, which leaves
// the user in `res.locals`. It must refuse: another scheme, a malformed
// token, a bad signature, another secret, `alg: none`, any algorithm but
// HS256, a missing or past `exp` (jsonwebtoken accepts a token without
// `exp`), a future `nbf`, a `sub` that names no user, and (bonus) a token
// issued before the user's last password reset.
export function getUser({ storage }: Context): RequestHandler<{ id: string }> {
  return (req, res) => {
    const raw = req.params.id;
    const user = /^[0-9]{1,15}$/.test(raw) ? storage.getUser(Number(raw)) : undefined;
    if (user === undefined) throw new ApiError('user_not_found', `no user with id \`${raw}\``);
    res.json(user);
  };
}
