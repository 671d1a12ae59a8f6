import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';

import { PASSWORD, TestApp, assertError } from './helpers';

const NEW_PASSWORD = 'a brand new passphrase';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

/** Requests a reset for `email` and returns the token from the emailed link. */
async function resetToken(email: string): Promise<string> {
  const before = app.outbox().length;
  assert.equal((await app.post('/auth/password-reset', { email })).status, 202);
  const messages = app.outbox();
  assert.equal(messages.length, before + 1, 'one new message');
  const message = messages[messages.length - 1];
  assert.ok(message.includes(`To: ${email}`), message);
  const match = /http:\/\/reset\.example\.test:9999\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(message);
  assert.ok(match, message);
  return match[1];
}

const confirm = (token: string, newPassword = NEW_PASSWORD) =>
  app.post('/auth/password-reset/confirm', { token, new_password: newPassword });

test('an unknown email gets the same 202 and no message', async () => {
  await app.createUser('ann@example.com');
  const known = await app.post('/auth/password-reset', { email: 'ann@example.com' });
  const count = app.outbox().length;

  const unknown = await app.post('/auth/password-reset', { email: 'nobody@example.com' });

  assert.equal(unknown.status, 202);
  assert.equal(unknown.text, known.text);
  assert.equal(app.outbox().length, count);
});

test('a reset sets the new password, once, and revokes older access tokens', async () => {
  await app.createUser('bob@example.com');
  const oldAccessToken = await app.token('bob@example.com');
  const token = await resetToken('bob@example.com');
  await sleep(1100); // timestamps are whole seconds

  assert.equal((await confirm(token)).status, 204);

  assertError(await app.login('bob@example.com', PASSWORD), 401);
  await app.token('bob@example.com', NEW_PASSWORD);
  assertError(await app.getWithToken('/users/me', oldAccessToken), 401);
  assertError(await confirm(token, 'yet another passphrase'), 400);

  const logs = app.logs();
  for (const secret of [PASSWORD, NEW_PASSWORD, token, oldAccessToken]) {
    assert.ok(!logs.includes(secret), 'the logs hold a password or a token');
  }
});

test('a weak new password is 422 and leaves the token usable', async () => {
  await app.createUser('carol@example.com');
  const token = await resetToken('carol@example.com');

  assert.equal(assertError(await confirm(token, 'short'), 422).field, 'new_password');
  assert.equal((await confirm(token)).status, 204);
});

test('an unknown token is 400', async () => {
  assertError(await confirm('made-up-token-made-up-token-made-up-token'), 400);
});
