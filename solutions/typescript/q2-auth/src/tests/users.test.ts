// The protected routes: `GET /users/me` and `GET /users/:id`.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test("/users/me and /users/:id answer the token's own account", async () => {
  const user = await app.createUser('ann@example.com');
  const token = await app.token('ann@example.com');

  for (const path of ['/users/me', `/users/${user.id}`]) {
    const reply = await app.getWithToken(path, token);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.body, user);
  }
});

test('the scheme name is case-insensitive', async () => {
  await app.createUser('case@example.com');
  const token = await app.token('case@example.com');

  assert.equal((await app.getWithToken('/users/me', token, 'bearer')).status, 200);
});

test('any other id is 403, whether an account has it or not', async () => {
  const other = await app.createUser('other@example.com');
  await app.createUser('me@example.com');
  const token = await app.token('me@example.com');

  for (const id of [other.id, 999_999, 'abc']) {
    assertError(await app.getWithToken(`/users/${id}`, token), 403);
  }
});

test('no token, another scheme or a malformed token is 401 with WWW-Authenticate', async () => {
  const replies = [
    await app.request('GET', '/users/me'),
    await app.getWithToken('/users/me', 'dXNlcjpwYXNz', 'Basic'),
    await app.getWithToken('/users/me', 'not-a-jwt'),
  ];
  for (const reply of replies) {
    assertError(reply, 401);
    assert.match(reply.headers.get('www-authenticate') ?? '', /^Bearer/);
  }
});
