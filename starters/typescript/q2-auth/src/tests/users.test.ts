import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

// TODO(q2): once `/users/:id` requires an access token, log in first and
// send `Authorization: Bearer <token>` here, and add the 401 and 403 cases.
test('a registered user can be read back by its id', async () => {
  const user = await app.createUser('ann@example.com');

  const reply = await app.request('GET', `/users/${user.id}`);

  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, user);
});
