// The rolling window over real time, with a short window.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn({ RATE_LIMIT_MAX_REQUESTS: '2', RATE_LIMIT_WINDOW_SECS: '2' });
});
after(() => app.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('Retry-After is a promise: a request then is accepted', async () => {
  const client = app.clientFrom(20);
  await client.get('/api/notes');
  await client.get('/api/notes');
  const refused = await client.get('/api/notes');
  assert.equal(refused.status, 429);

  await sleep(Number(refused.headers['retry-after']) * 1000);

  assert.equal((await client.get('/api/notes')).status, 200);
});

test('a place frees up when the oldest request leaves the window, not before', async () => {
  const client = app.clientFrom(21);
  assert.equal((await client.get('/api/notes')).status, 200);
  await sleep(1000);
  assert.equal((await client.get('/api/notes')).status, 200);

  await sleep(1100); // the first request is now out of the window, the second is not
  assert.equal((await client.get('/api/notes')).status, 200);
  assert.equal((await client.get('/api/notes')).status, 429);
});
