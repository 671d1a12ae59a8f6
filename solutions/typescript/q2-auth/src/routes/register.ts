// `POST /auth/register`: creates an account.

import type { RequestHandler } from 'express';

import { nowSecs } from '../clock';
import type { Context } from '../context';
import { parseRegistration } from '../domain/requests';
import { ApiError } from '../errors';
import { log } from '../log';

/** 201 with `{"id", "email"}` and a `Location`; 422 naming a bad field; 409 for a taken email. */
export function register({ storage, passwords }: Context): RequestHandler {
  return async (req, res) => {
    const { email, password } = parseRegistration(req.body);
    // Hash first, then insert: the unique index, not a prior lookup, decides
    // which of two simultaneous registrations gets the email.
    const passwordHash = await passwords.hash(password);
    const user = storage.insertUser(email, passwordHash, nowSecs());
    if (user === 'email_taken') {
      throw new ApiError('email_taken', 'an account with this email already exists', { field: 'email' });
    }
    log.info(`registered user ${user.id}`);
    res.status(201).location(`/users/${user.id}`).json(user);
  };
}
