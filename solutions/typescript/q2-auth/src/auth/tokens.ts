// Access tokens: HS256 JWTs signed with `JWT_SECRET`.
//
// Claims: `sub` (the user id, as a string), `iat` and `exp` (= `iat` +
// `JWT_TTL_SECS`), whole seconds. Nothing secret: a JWT is signed, not
// encrypted, and anyone holding one can read it.
//
// Verification is strict:
// - the algorithm is pinned to HS256: `alg: none` (any capitalisation) and
//   HS384/HS512 are refused, even when signed with the right secret;
// - `exp`, `iat` and `sub` are required (jsonwebtoken accepts a token
//   without `exp`: checked here); `nbf`, when present, is checked;
// - no clock leeway: this service is the only issuer and the only verifier.
//
// What the claims alone cannot tell (does `sub` still exist, was the token
// issued before the last password reset) is checked by `middleware.ts`.

import jwt from 'jsonwebtoken';

export interface IssuedToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

export interface VerifiedToken {
  userId: number;
  /** When it was issued, in seconds since the epoch. */
  issuedAt: number;
}

/** Why a token was refused: logged, never sent (the client gets one message). */
export class TokenRejected extends Error {}

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSecs: number,
  ) {}

  issue(userId: number, now: number): IssuedToken {
    const claims = { sub: String(userId), iat: now, exp: now + this.ttlSecs };
    const token = jwt.sign(claims, this.secret, { algorithm: 'HS256' });
    return { token, expiresIn: this.ttlSecs };
  }

  verify(token: string): VerifiedToken {
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], clockTolerance: 0 });
    } catch (err) {
      // e.g. "jwt expired", "invalid signature", "invalid algorithm"
      throw new TokenRejected(err instanceof Error ? err.message : 'malformed');
    }
    if (typeof claims === 'string') throw new TokenRejected('payload is not a JSON object');
    if (typeof claims.exp !== 'number') throw new TokenRejected('exp is missing');
    if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) {
      throw new TokenRejected('iat is missing');
    }
    if (typeof claims.sub !== 'string' || !/^[1-9][0-9]{0,15}$/.test(claims.sub)) {
      throw new TokenRejected('sub is not a user id');
    }
    return { userId: Number(claims.sub), issuedAt: Math.floor(claims.iat) };
  }
}
