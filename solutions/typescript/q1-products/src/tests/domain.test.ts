// Unit tests of the field rules (no server needed).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseListQuery } from '../domain/list-query';
import { parseName, parseNewProduct, parsePrice, parseProductId } from '../domain/product';
import { InvalidInput } from '../domain/validation';

const rejects = (fn: () => unknown, field: string) =>
  assert.throws(fn, (err) => err instanceof InvalidInput && err.field === field);

test('prices keep at most 2 decimals, from 0 to 1000000', () => {
  for (const price of [0, 0.99, 19.99, 1_000_000]) assert.equal(parsePrice(price), price);
  for (const price of [-0.01, 1_000_000.01, 19.999, 0.001, Infinity, '5', null, undefined]) {
    rejects(() => parsePrice(price), 'price');
  }
});

test('names are trimmed and 1 to 100 characters', () => {
  assert.equal(parseName('  Lamp '), 'Lamp');
  assert.equal(parseName('é'.repeat(100)), 'é'.repeat(100));
  for (const name of ['', '   ', 'n'.repeat(101), 42, null]) rejects(() => parseName(name), 'name');
});

test('description defaults to empty; a body that is not an object is refused', () => {
  assert.deepEqual(parseNewProduct({ name: 'Mug', price: 4.5, id: 9 }), {
    name: 'Mug',
    description: '',
    price: 4.5,
  });
  rejects(() => parseNewProduct([]), 'body');
});

test('ids are positive whole numbers', () => {
  assert.equal(parseProductId('7'), 7);
  for (const raw of ['0', '-1', '7.5', '7abc', 'lamp', '99999999999999999999']) {
    assert.equal(parseProductId(raw), undefined, raw);
  }
});

test('list parameters default to page 1 of 20', () => {
  assert.deepEqual(parseListQuery({}), { name: undefined, page: 1, perPage: 20 });
  rejects(() => parseListQuery({ per_page: '101' }), 'per_page');
});
