// The rate limiter over HTTP, in memory. Each test uses its own client
// addresses (127.0.0.n), so tests sharing a service never share a budget.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { type Client, type Reply, TestApp } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn({ RATE_LIMIT_MAX_REQUESTS: '3', RATE_LIMIT_WINDOW_SECS: '60' });
});
after(() => app.stop());

const burst = (client: Client, n: number, path = '/api/notes'): Promise<Reply[]> =>
  Promise.all(Array.from({ length: n }, () => client.get(path)));

const statuses = (replies: Reply[]) => replies.map((reply) => reply.status).sort();

test('over the limit: 429 with a JSON error, Retry-After and X-RateLimit-Reset', async () => {
  const client = app.clientFrom(10);
  for (const reply of await burst(client, 3)) {
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['x-ratelimit-limit'], '3');
  }

  const reply = await client.get('/api/notes');

  assert.equal(reply.status, 429);
  assert.equal(typeof reply.body.error, 'string');
  const retryAfter = Number(reply.headers['retry-after']);
  const reset = Number(reply.headers['x-ratelimit-reset']);
  assert.ok(retryAfter >= 59 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  assert.ok(Math.abs(reset - (Date.now() / 1000 + retryAfter)) <= 2, `X-RateLimit-Reset: ${reset}`);
  assert.equal(reply.headers['x-ratelimit-remaining'], '0');
});

test('of simultaneous requests from one client, exactly the limit pass', async () => {
  const replies = await burst(app.clientFrom(11), 20);

  assert.deepEqual(statuses(replies), [...Array(3).fill(200), ...Array(17).fill(429)]);
});

test('each client has its own budget', async () => {
  await burst(app.clientFrom(12), 4);

  assert.equal((await app.clientFrom(13).get('/api/notes')).status, 200);
});

test('forwarding headers do not make another client', async () => {
  const client = app.clientFrom(14);
  await burst(client, 3);

  for (const header of ['X-Forwarded-For', 'X-Real-IP']) {
    const reply = await client.get('/api/notes', { [header]: '203.0.113.7' });
    assert.equal(reply.status, 429, header);
  }
  const reply = await client.get('/api/notes', { Forwarded: 'for=203.0.113.7' });
  assert.equal(reply.status, 429, 'Forwarded');
});

test('every /api route counts, 404s included; /health never does', async () => {
  const client = app.clientFrom(15);
  assert.equal((await client.get('/api/nothing-here')).status, 404);
  assert.equal((await client.get('/api/notes/42')).status, 404);
  for (let i = 0; i < 5; i++) assert.equal((await client.get('/health')).status, 200);

  assert.equal((await client.get('/api/notes')).status, 200);
  assert.equal((await client.get('/api/notes')).status, 429);
});
