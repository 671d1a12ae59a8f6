import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PASSWORD, TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn({ LOGIN_MAX_FAILURES: '2', LOGIN_LOCKOUT_SECS: '60' });
});
after(() => app.stop());

test('a successful login resets the count of failures', async () => {
  await app.createUser('ann@example.com');

  for (const password of ['wrong password 1', PASSWORD, 'wrong password 2', PASSWORD]) {
    const reply = await app.login('ann@example.com', password);
    assert.equal(reply.status, password === PASSWORD ? 200 : 401, reply.text);
  }
});

test('after LOGIN_MAX_FAILURES failures, even the right password gets 429 with Retry-After', async () => {
  await app.createUser('bob@example.com');
  await app.createUser('carol@example.com');

  assertError(await app.login('bob@example.com', 'wrong password 1'), 401);
  assertError(await app.login('bob@example.com', 'wrong password 2'), 401);
  const reply = await app.login('bob@example.com', PASSWORD);

  assertError(reply, 429);
  const retryAfter = Number(reply.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  // The lockout is per email.
  assert.equal((await app.login('carol@example.com', PASSWORD)).status, 200);
});
