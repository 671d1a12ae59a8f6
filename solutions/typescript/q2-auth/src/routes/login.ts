// `POST /auth/login`: trades an email and a password for an access token.

import type { RequestHandler } from 'express';

import { nowSecs } from '../clock';
import type { Context } from '../context';
import { parseLogin } from '../domain/requests';
import { ApiError } from '../errors';

/**
 * 200 with `{"access_token", "token_type": "Bearer", "expires_in"}`.
 * A wrong password and an unknown email get the same 401, in the same time;
 * a locked email gets 429 with `Retry-After`, even with the right password.
 */
export function login({ storage, passwords, tokens, throttle }: Context): RequestHandler {
  const throttled = (retryAfterSecs: number) =>
    new ApiError('too_many_attempts', 'too many failed logins for this email; try again later', {
      retryAfterSecs,
    });

  return async (req, res) => {
    const { email, password } = parseLogin(req.body);
    const locked = throttle.retryAfterSecs(email);
    if (locked !== undefined) throw throttled(locked);

    const account = storage.credentialsByEmail(email);
    const valid = await passwords.verify(password, account?.passwordHash);
    if (account === undefined || !valid) {
      throttle.recordFailure(email);
      throw ApiError.invalidCredentials();
    }
    // Failures that came in while bcrypt ran may have locked the email.
    const lockedMeanwhile = throttle.retryAfterSecs(email);
    if (lockedMeanwhile !== undefined) throw throttled(lockedMeanwhile);
    throttle.reset(email);

    const { token, expiresIn } = tokens.issue(account.user.id, nowSecs());
    res.set('Cache-Control', 'no-store');
    res.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  };
}
