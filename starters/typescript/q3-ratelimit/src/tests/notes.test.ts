// The notes API: what the rate limiter sits in front of. Each test gets its
// own service and talks from its own address, well under the limit.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { type Client, TestApp } from './helpers';

let app: TestApp;
let client: Client;
beforeEach(async () => {
  app = await TestApp.spawn();
  client = app.clientFrom(2);
});
afterEach(() => app.stop());

test('a created note is listed and can be read back', async () => {
  const created = await client.postJson('/api/notes', { text: '  buy milk ' });

  assert.equal(created.status, 201);
  assert.deepEqual(created.body, { id: 1, text: 'buy milk' });
  assert.equal(created.headers.location, '/api/notes/1');
  assert.deepEqual((await client.get('/api/notes/1')).body, created.body);
  assert.deepEqual((await client.get('/api/notes')).body, { items: [created.body] });
});

test('an unknown note is 404 with a JSON error', async () => {
  for (const id of ['42', 'abc']) {
    const reply = await client.get(`/api/notes/${id}`);

    assert.equal(reply.status, 404);
    assert.equal(typeof reply.body.error, 'string');
  }
});

test('an empty text is 422 naming the field', async () => {
  const reply = await client.postJson('/api/notes', { text: '   ' });

  assert.equal(reply.status, 422);
  assert.equal(reply.body.field, 'text');
});

test('a body not declared JSON is 415', async () => {
  const reply = await client.send('POST', '/api/notes', '{"text": "x"}', { 'Content-Type': 'text/plain' });

  assert.equal(reply.status, 415);
  assert.equal(typeof reply.body.error, 'string');
});

test('an unknown path under /api is 404, an unsupported method 405', async () => {
  assert.equal((await client.get('/api/nothing')).status, 404);
  const reply = await client.send('DELETE', '/api/notes');
  assert.equal(reply.status, 405);
  assert.equal(reply.headers.allow, 'GET, HEAD, POST');
});
