import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PASSWORD, TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
  await app.createUser('ann@example.com');
});
after(() => app.stop());

test('the email is compared trimmed and lower-cased', async () => {
  const reply = await app.login(' Ann@EXAMPLE.com ', PASSWORD);

  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.headers.get('cache-control'), 'no-store');
});

test('a wrong password and an unknown email get the same 401', async () => {
  const wrong = await app.login('ann@example.com', 'not the password');
  const unknown = await app.login('nobody@example.com', 'not the password');

  assertError(wrong, 401);
  assert.equal(unknown.status, 401);
  assert.equal(unknown.text, wrong.text);
});

test('a password past 72 bytes never logs in, even with the right first 72', async () => {
  const reply = await app.login('ann@example.com', PASSWORD + 'x'.repeat(80));

  assertError(reply, 401);
});

test('malformed JSON is 400, a missing or mistyped field 422', async () => {
  assertError(await app.request('POST', '/auth/login', { raw: '{"email": ', contentType: 'application/json' }), 400);
  assert.equal(assertError(await app.post('/auth/login', { email: 'ann@example.com' }), 422).field, 'password');
  assert.equal(assertError(await app.post('/auth/login', { email: 7, password: PASSWORD }), 422).field, 'email');
});
