import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { PASSWORD, TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test('registering returns 201, the id and email, and a Location', async () => {
  const reply = await app.register('ann@example.com', PASSWORD);

  assert.equal(reply.status, 201, reply.text);
  assert.notEqual(reply.body.id, undefined);
  assert.equal(reply.body.email, 'ann@example.com');
  assert.equal(reply.headers.get('location'), `/users/${reply.body.id}`);
});

test('the response holds neither the password nor its hash', async () => {
  const reply = await app.register('bob@example.com', PASSWORD);

  assert.deepEqual(reply.body, { id: reply.body.id, email: 'bob@example.com' });
  assert.ok(!reply.text.includes(PASSWORD), reply.text);
});

test('missing fields are 422 naming the field', async () => {
  for (const [body, field] of [
    [{ password: PASSWORD }, 'email'],
    [{ email: 'ann@example.com' }, 'password'],
    [{ email: 42, password: PASSWORD }, 'email'],
  ] as const) {
    const reply = await app.post('/auth/register', body);
    assert.equal(assertError(reply, 422).field, field);
  }
});
