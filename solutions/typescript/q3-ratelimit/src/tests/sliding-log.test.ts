// Unit tests of the rolling window and the memory store (no server needed):
// the clock is a number the test moves.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MemoryStore } from '../rate-limit/memory-store';
import { SlidingLog } from '../rate-limit/sliding-log';

test('max requests are accepted, then the wait is until the oldest leaves', () => {
  const log = new SlidingLog(3);
  assert.deepEqual(log.check(0, 1000), { allowed: true, remaining: 2 });
  assert.deepEqual(log.check(100, 1000), { allowed: true, remaining: 1 });
  assert.deepEqual(log.check(200, 1000), { allowed: true, remaining: 0 });

  assert.deepEqual(log.check(300, 1000), { allowed: false, retryAfterMs: 700 });
  assert.deepEqual(log.check(1000, 1000), { allowed: true, remaining: 0 });
});

test('the window rolls: no burst of twice the limit around any boundary', () => {
  const log = new SlidingLog(2);
  log.check(900, 1000);
  log.check(950, 1000);

  // A fixed window starting at 1000 would accept these two.
  assert.equal(log.check(1000, 1000).allowed, false);
  assert.equal(log.check(1899, 1000).allowed, false);
  assert.equal(log.check(1900, 1000).allowed, true);
});

test('rejected requests are not recorded', () => {
  const log = new SlidingLog(1);
  log.check(0, 1000);
  for (let t = 1; t < 1000; t += 100) assert.equal(log.check(t, 1000).allowed, false);

  assert.equal(log.check(1000, 1000).allowed, true);
});

test('the memory store keeps clients apart and forgets idle ones', async () => {
  let now = 0;
  const store = new MemoryStore({ maxRequests: 1, windowMs: 1000 }, () => now);
  assert.equal(store.check('127.0.0.2').allowed, true);
  assert.equal(store.check('127.0.0.2').allowed, false);
  assert.equal(store.check('127.0.0.3').allowed, true);

  now = 999;
  store.sweep();
  assert.equal(store.size, 2);
  now = 1000;
  store.sweep();
  assert.equal(store.size, 0);
  await store.close();
});
