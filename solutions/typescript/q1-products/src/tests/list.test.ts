// GET /products: pagination and the name filter.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { TestApp } from './helpers';

let app: TestApp;
beforeEach(async () => {
  app = await TestApp.spawn();
});
afterEach(() => app.stop());

async function list(query: string) {
  const response = await app.listProducts(query);
  assert.equal(response.status, 200);
  return response.json();
}

test('pages are disjoint, in creation order, with the total of all', async () => {
  const created = [];
  for (let i = 1; i <= 5; i++) created.push(await app.createProduct({ name: `P${i}`, price: i }));

  const first = await list('?page=1&per_page=2');
  const third = await list('?page=3&per_page=2');
  const past = await list('?page=4&per_page=2');

  assert.deepEqual(first, { items: created.slice(0, 2), page: 1, per_page: 2, total: 5 });
  assert.deepEqual(third.items, created.slice(4));
  assert.deepEqual(past.items, []);
  assert.equal(past.total, 5);
});

test('without parameters the list is page 1 of 20', async () => {
  const body = await list('');

  assert.equal(body.page, 1);
  assert.equal(body.per_page, 20);
});

test('invalid page or per_page is 400 naming the parameter', async () => {
  for (const query of ['?page=0', '?page=-1', '?page=abc', '?per_page=0', '?per_page=101']) {
    const response = await app.listProducts(query);
    assert.equal(response.status, 400, query);
    const body = await response.json();
    assert.match(body.error, /page/, query);
  }
});

test('the name filter ignores case and matches % _ and quotes literally', async () => {
  const lamp = await app.createProduct({ name: 'Desk LAMP', price: 1 });
  const sale = await app.createProduct({ name: "50% off_it's", price: 1 });
  await app.createProduct({ name: 'Mug', price: 1 });

  assert.deepEqual((await list('?name=lamp')).items, [lamp]);
  assert.deepEqual((await list(`?name=${encodeURIComponent('%')}`)).items, [sale]);
  assert.deepEqual((await list('?name=_')).items, [sale]);
  assert.deepEqual((await list(`?name=${encodeURIComponent("' OR 1=1 --")}`)).items, []);
  assert.equal((await list('?name=lamp')).total, 1);
});
