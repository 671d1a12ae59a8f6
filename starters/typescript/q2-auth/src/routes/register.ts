// `POST /auth/register`: creates an account.

import type { RequestHandler } from 'express';

import { nowSecs } from '../clock';
import type { Context } from '../context';
import { parseNewUser } from '../domain/requests';

/** 201 with `{"id", "email"}` and a `Location`; 422 naming the field when
 * `email` or `password` is missing or not a string. */
// TODO(q2): 409 when the email is taken (see `storage.ts`).
export function register({ storage }: Context): RequestHandler {
  return async (req, res) => {
    const { email, password } = parseNewUser(req.body);

    // TODO(q2): SECURITY. This stores the password exactly as typed, in a
    // column that only pretends to hold a hash: anyone who reads the
    // database (a backup, a leaked file, an SQL injection elsewhere) gets
    // every user's password, and users reuse passwords across sites. Store
    // a bcrypt hash instead (cost 10 or more; `bcrypt` is already a
    // dependency): slow and salted, so a stolen table costs an attacker
    // years instead of seconds. Hashing takes a noticeable fraction of a
    // second of CPU: use the async API (`await bcrypt.hash(...)`, which runs
    // on libuv's thread pool), never `hashSync`, or a few logins stall every
    // other request.
    const passwordHash = password;

    const user = storage.insertUser(email, passwordHash, nowSecs());
    res.status(201).location(`/users/${user.id}`).json(user);
  };
}
