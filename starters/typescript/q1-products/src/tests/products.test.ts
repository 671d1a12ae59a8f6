// HTTP tests of /products. Each test gets its own service and database.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.spawn();
});
afterEach(() => app.stop());

test('creating a product returns 201 and the product with an id', async () => {
  const response = await app.postProduct({
    name: 'Desk lamp',
    description: 'Warm white, 40 W',
    price: 19.99,
  });

  assert.equal(response.status, 201);
  const product = await response.json();
  assert.ok(product.id !== undefined && product.id !== null, `no id in ${JSON.stringify(product)}`);
  assert.equal(product.name, 'Desk lamp');
  assert.equal(product.description, 'Warm white, 40 W');
  assert.equal(product.price, 19.99);
});

test('description defaults to empty when omitted', async () => {
  const product = await app.createProduct({ name: 'Mug', price: 4.5 });

  assert.equal(product.description, '');
});

test('a created product can be read back by its id', async () => {
  const created = await app.createProduct({ name: 'Desk lamp', price: 19.99 });

  const response = await app.getProduct(created.id);

  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), created);
});

test('an unknown id is 404 with a JSON error', async () => {
  const response = await app.getProduct(424242);

  assert.equal(response.status, 404);
  const body = await response.json();
  assert.equal(typeof body.error, 'string', `no error message in ${JSON.stringify(body)}`);
});

test('an id that is not a number is 404', async () => {
  const response = await app.getProduct('lamp');

  assert.equal(response.status, 404);
});

test('the list holds every product in creation order with a total', async () => {
  const lamp = await app.createProduct({ name: 'Lamp', price: 10 });
  const mug = await app.createProduct({ name: 'Mug', price: 4.5 });

  const response = await app.listProducts();

  assert.equal(response.status, 200);
  const list = await response.json();
  assert.deepEqual(list.items, [lamp, mug]);
  assert.equal(list.total, 2);
});

test('the list of a new service is empty', async () => {
  const list = await (await app.listProducts()).json();

  assert.deepEqual(list.items, []);
  assert.equal(list.total, 0);
});
