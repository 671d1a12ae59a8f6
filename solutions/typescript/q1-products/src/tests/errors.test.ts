// Every error answer: its status, and a JSON body that says what is wrong.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.spawn();
});
afterEach(() => app.stop());

/** Asserts the status and that the JSON error mentions `mention`. */
async function assertError(response: Response, status: number, mention = ''): Promise<void> {
  assert.equal(response.status, status);
  const body = await response.json();
  assert.equal(typeof body.error, 'string');
  assert.ok(JSON.stringify(body).includes(mention), `${mention} not in ${JSON.stringify(body)}`);
}

test('a broken field rule is 422 naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ price: 5 }, 'name'],
    [{ name: '   ', price: 5 }, 'name'],
    [{ name: 'n'.repeat(101), price: 5 }, 'name'],
    [{ name: 'Lamp', description: 'd'.repeat(1001), price: 5 }, 'description'],
    [{ name: 'Lamp' }, 'price'],
    [{ name: 'Lamp', price: -0.01 }, 'price'],
    [{ name: 'Lamp', price: 1_000_000.01 }, 'price'],
    [{ name: 'Lamp', price: 19.999 }, 'price'],
    [{ name: 'Lamp', price: '19.99' }, 'price'],
    [{ name: 42, price: 5 }, 'name'],
  ];
  for (const [body, field] of cases) {
    await assertError(await app.postProduct(body), 422, field);
  }
});

test('lengths count characters, not bytes or UTF-16 units', async () => {
  const created = await app.createProduct({ name: '🚀'.repeat(100), price: 5 });

  assert.equal(created.name, '🚀'.repeat(100));
});

test('an invalid update changes nothing', async () => {
  const created = await app.createProduct({ name: 'Lamp', price: 10 });

  await assertError(await app.putProduct(created.id, { name: '', price: 10 }), 422, 'name');

  assert.deepEqual(await (await app.getProduct(created.id)).json(), created);
});

test('malformed JSON is 400', async () => {
  const response = await app.sendRaw('POST', '/products', '{"name": "Lamp", ', 'application/json');

  await assertError(response, 400);
});

test('a body not declared JSON is 415', async () => {
  const body = JSON.stringify({ name: 'Lamp', price: 5 });

  await assertError(await app.sendRaw('POST', '/products', body, 'text/plain'), 415);
  await assertError(await app.sendRaw('POST', '/products', body), 415);
});

test('a body over 1 MiB is 413', async () => {
  const body = JSON.stringify({ name: 'Huge', price: 5, description: 'x'.repeat(1_100_000) });

  await assertError(await app.sendRaw('POST', '/products', body, 'application/json'), 413);
});

test('an unsupported method is 405 with an Allow header', async () => {
  const response = await app.sendRaw('DELETE', '/products', '');

  assert.equal(response.headers.get('allow'), 'GET, HEAD, POST');
  await assertError(response, 405);
});

test('an unknown path is 404 with a JSON error', async () => {
  await assertError(await fetch(app.url('/no-such-route')), 404);
});
