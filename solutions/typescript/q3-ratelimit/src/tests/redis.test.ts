// The Redis store: two instances share one budget. These tests start their
// own redis-server (on a free port, persisting nothing) and need the
// binary: on PATH, or named by REDIS_SERVER. Without it they fail and say
// so; they never skip silently.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';

import { TestApp, freePort } from './helpers';

let redis: ChildProcess;
let redisUrl: string;
before(async () => {
  const port = await freePort();
  redis = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await new Promise<void>((resolve, reject) => {
    redis.once('error', (err) =>
      reject(new Error(`cannot start redis-server (install it, or set REDIS_SERVER): ${err.message}`)),
    );
    redis.once('spawn', () => resolve());
  });
  redisUrl = `redis://127.0.0.1:${port}/`;
});
after(() => {
  redis.kill();
});

/** Starts the service, retrying while redis-server is still starting. */
async function spawnWithRedis(): Promise<TestApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestApp.spawn({ REDIS_URL: redisUrl, RATE_LIMIT_MAX_REQUESTS: '4' });
    } catch (err) {
      if (attempt === 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

test('two instances sharing one Redis share one budget per client', async () => {
  const first = await spawnWithRedis();
  const second = await spawnWithRedis();
  try {
    const toFirst = first.clientFrom(30);
    const toSecond = second.clientFrom(30);
    assert.equal((await toFirst.get('/api/notes')).status, 200);
    assert.equal((await toSecond.get('/api/notes')).status, 200);
    assert.equal((await toFirst.get('/api/notes')).status, 200);
    assert.equal((await toSecond.get('/api/notes')).status, 200);

    assert.equal((await toFirst.get('/api/notes')).status, 429);
    assert.equal((await toSecond.get('/api/notes')).status, 429);
    assert.equal((await second.clientFrom(31).get('/api/notes')).status, 200);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});

test('an unreachable Redis stops the start with a message about Redis', async () => {
  const port = await freePort();

  await assert.rejects(
    TestApp.spawn({ REDIS_URL: `redis://127.0.0.1:${port}/` }),
    /exited with code 1: .*Redis/s,
  );
});
