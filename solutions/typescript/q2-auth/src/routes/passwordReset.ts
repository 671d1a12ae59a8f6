// `POST /auth/password-reset` and `POST /auth/password-reset/confirm`.
//
// The reset token is 32 random bytes in base64url (43 characters of
// `A-Z a-z 0-9 - _`). It travels only in the email; the database keeps its
// SHA-256, enough for 256 random bits (no brute force, so no bcrypt).

import { createHash, randomBytes } from 'node:crypto';

import type { RequestHandler } from 'express';

import { nowSecs } from '../clock';
import type { Context } from '../context';
import { parseResetConfirmation, parseResetRequest } from '../domain/requests';
import { ApiError } from '../errors';
import { log } from '../log';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** 202 with the same body whether or not an account has the email. */
export function requestReset({ storage, outbox, settings }: Context): RequestHandler {
  return async (req, res) => {
    const { email } = parseResetRequest(req.body);
    const account = storage.credentialsByEmail(email);
    if (account !== undefined) {
      const token = randomBytes(32).toString('base64url');
      const now = nowSecs();
      storage.insertResetToken(account.user.id, sha256(token), now, now + settings.resetTokenTtlSecs);
      // The link comes from the settings, never from the request's Host
      // header, which an attacker could set to their own site.
      const link = `${settings.publicBaseUrl}/reset-password?token=${token}`;
      const minutes = Math.ceil(settings.resetTokenTtlSecs / 60);
      await outbox.send({
        to: account.user.email,
        subject: 'Reset your password',
        body: `Someone asked to reset the password of this account.\n\nTo choose a new password, open this link within ${minutes} minute(s):\n\n${link}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
      });
      log.info(`password reset requested for user ${account.user.id}`);
    }
    res.status(202).json({ message: 'if an account has this email, a reset link has been sent to it' });
  };
}

/** 204; 400 for an unknown, used or expired token; 422 for a weak password. */
export function confirmReset({ storage, passwords, throttle }: Context): RequestHandler {
  const invalidToken = () =>
    new ApiError('invalid_reset_token', 'the reset token is invalid, used or expired', { field: 'token' });

  return async (req, res) => {
    const { token, newPassword } = parseResetConfirmation(req.body);
    const tokenHash = sha256(token);
    // Checked before hashing, so random tokens cost no bcrypt.
    if (storage.resetTokenOwner(tokenHash, nowSecs()) === undefined) throw invalidToken();
    const passwordHash = await passwords.hash(newPassword);
    // Checked again, atomically: another request may have used it meanwhile.
    const user = storage.completeReset(tokenHash, passwordHash, nowSecs());
    if (user === undefined) throw invalidToken();
    throttle.reset(user.email);
    log.info(`password reset for user ${user.id}`);
    res.status(204).end();
  };
}
