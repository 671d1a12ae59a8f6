import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

test('without JWT_SECRET the service refuses to start, saying why', () => {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'server.js')], {
    env: { PATH: process.env.PATH, PORT: '0', DATABASE_PATH: ':memory:' },
    encoding: 'utf8',
    timeout: 10_000,
  });

  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /JWT_SECRET/);
});
