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

test('a created product has a Location header', async () => {
  const response = await app.postProduct({ name: 'Lamp', price: 10 });

  const product = await response.json();
  assert.equal(response.headers.get('location'), `/products/${product.id}`);
});

test('PUT replaces the whole product', async () => {
  const created = await app.createProduct({ name: 'Lamp', description: 'Old', price: 10 });

  const response = await app.putProduct(created.id, { name: 'Lamp v2', price: 12.5 });

  assert.equal(response.status, 200);
  const expected = { id: created.id, name: 'Lamp v2', description: '', price: 12.5 };
  assert.deepEqual(await response.json(), expected);
  assert.deepEqual(await (await app.getProduct(created.id)).json(), expected);
});

test('PUT on an unknown id is 404', async () => {
  const response = await app.putProduct(424242, { name: 'Lamp', price: 10 });

  assert.equal(response.status, 404);
});

test('PATCH changes only the fields sent', async () => {
  const created = await app.createProduct({ name: 'Lamp', description: 'Warm', price: 10 });

  const response = await app.patchProduct(created.id, { price: 8.99 });

  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { ...created, price: 8.99 });
});

test('DELETE answers 204, then the product is gone', async () => {
  const created = await app.createProduct({ name: 'Lamp', price: 10 });

  const response = await app.deleteProduct(created.id);

  assert.equal(response.status, 204);
  assert.equal(await response.text(), '');
  assert.equal((await app.getProduct(created.id)).status, 404);
  assert.equal((await app.deleteProduct(created.id)).status, 404);
});

test('a deleted id is never handed out again', async () => {
  await app.createProduct({ name: 'First', price: 1 });
  const second = await app.createProduct({ name: 'Second', price: 2 });
  await app.deleteProduct(second.id);

  const third = await app.createProduct({ name: 'Third', price: 3 });

  assert.notEqual(third.id, second.id);
});
