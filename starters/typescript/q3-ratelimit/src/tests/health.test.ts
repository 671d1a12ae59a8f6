import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test('health answers 200', async () => {
  const reply = await app.clientFrom(2).get('/health');

  assert.equal(reply.status, 200);
});
