import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test('health answers 200', async () => {
  const response = await app.getHealth();

  assert.equal(response.status, 200);
});
