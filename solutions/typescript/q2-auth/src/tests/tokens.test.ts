// Access tokens: what login issues, and every token the middleware refuses.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import jwt from 'jsonwebtoken';

import { SECRET, TestApp, assertError } from './helpers';

let app: TestApp;
let userId: string;
before(async () => {
  app = await TestApp.spawn({ JWT_TTL_SECS: '600' });
  userId = String((await app.createUser('ann@example.com')).id);
});
after(() => app.stop());

const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('login issues an HS256 token with sub, iat and exp = iat + JWT_TTL_SECS', async () => {
  const reply = await app.login('ann@example.com', 'correct horse battery');

  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.token_type, 'Bearer');
  assert.equal(reply.body.expires_in, 600);
  const decoded = jwt.verify(reply.body.access_token, SECRET, { algorithms: ['HS256'], complete: true });
  assert.equal(decoded.header.alg, 'HS256');
  const claims = decoded.payload as jwt.JwtPayload;
  assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'sub']);
  assert.equal(claims.sub, userId);
  assert.equal(claims.exp, claims.iat! + 600);
});

test('forged, expired and unsigned tokens are refused', async () => {
  const claims = { sub: userId, iat: now(), exp: now() + 600 };
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
  const tokens = {
    'another secret': jwt.sign(claims, 'another-secret', { algorithm: 'HS256' }),
    HS512: jwt.sign(claims, SECRET, { algorithm: 'HS512' }),
    'alg none': unsigned,
    expired: jwt.sign({ ...claims, iat: now() - 600, exp: now() - 300 }, SECRET, { algorithm: 'HS256' }),
    'no exp': jwt.sign({ sub: userId, iat: now() }, SECRET, { algorithm: 'HS256' }),
    'future nbf': jwt.sign({ ...claims, nbf: now() + 300 }, SECRET, { algorithm: 'HS256' }),
    'unknown sub': jwt.sign({ ...claims, sub: '999999' }, SECRET, { algorithm: 'HS256' }),
  };
  for (const [what, token] of Object.entries(tokens)) {
    const reply = await app.getWithToken('/users/me', token);
    assert.equal(reply.status, 401, `${what}: ${reply.text}`);
    assertError(reply, 401);
  }
});

test('a token signed here with the right claims is accepted', async () => {
  const token = jwt.sign({ sub: userId, iat: now(), exp: now() + 60 }, SECRET, { algorithm: 'HS256' });

  assert.equal((await app.getWithToken('/users/me', token)).status, 200);
});
