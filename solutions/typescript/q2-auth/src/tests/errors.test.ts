// Requests the service must refuse cleanly: never a 5xx, always a JSON
// error body.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test('malformed JSON is 400', async () => {
  for (const raw of ['{', 'not json', '']) {
    const reply = await app.request('POST', '/auth/register', { raw, contentType: 'application/json' });
    assertError(reply, 400);
  }
});

test('a body not declared as JSON is 415', async () => {
  const reply = await app.request('POST', '/auth/register', { raw: '{}', contentType: 'text/plain' });
  assertError(reply, 415);
});

test('an unknown path is 404 and an unsupported method 405', async () => {
  assertError(await app.request('GET', '/nope'), 404);
  const reply = await app.request('GET', '/auth/register');
  assert.equal(reply.headers.get('allow'), 'POST');
  assertError(reply, 405);
});
