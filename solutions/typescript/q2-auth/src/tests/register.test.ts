import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import Database from 'better-sqlite3';

import { PASSWORD, TestApp, assertError } from './helpers';

let app: TestApp;
before(async () => {
  app = await TestApp.spawn();
});
after(() => app.stop());

test('registering returns 201, the id and email, and a Location', async () => {
  const reply = await app.register('ann@example.com', PASSWORD);

  assert.equal(reply.status, 201, reply.text);
  assert.notEqual(reply.body.id, undefined);
  assert.equal(reply.body.email, 'ann@example.com');
  assert.equal(reply.headers.get('location'), `/users/${reply.body.id}`);
});

test('the response holds neither the password nor its hash', async () => {
  const reply = await app.register('bob@example.com', PASSWORD);

  assert.deepEqual(reply.body, { id: reply.body.id, email: 'bob@example.com' });
  assert.ok(!reply.text.includes(PASSWORD), reply.text);
});

test('missing fields are 422 naming the field', async () => {
  for (const [body, field] of [
    [{ password: PASSWORD }, 'email'],
    [{ email: 'ann@example.com' }, 'password'],
    [{ email: 42, password: PASSWORD }, 'email'],
  ] as const) {
    const reply = await app.post('/auth/register', body);
    assert.equal(assertError(reply, 422).field, field);
  }
});

test('malformed emails and weak passwords are 422 naming the field', async () => {
  const cases: [string, string, string][] = [
    ['not-an-email', PASSWORD, 'email'],
    ['ann@example', PASSWORD, 'email'],
    ['ann@@example.com', PASSWORD, 'email'],
    [`${'a'.repeat(64)}@${'d'.repeat(200)}.com`, PASSWORD, 'email'],
    ['carl@example.com', '7-chars', 'password'],
    // 73 bytes of UTF-8 in 37 characters: bcrypt would ignore the tail.
    ['carl@example.com', 'é'.repeat(36) + 'x', 'password'],
  ];
  for (const [email, password, field] of cases) {
    const reply = await app.register(email, password);
    assert.equal(assertError(reply, 422).field, field, `${email} / ${password.length} characters`);
    assert.ok(!reply.text.includes(password), reply.text);
  }
});

test('an email is taken whatever its case and surrounding spaces', async () => {
  await app.createUser('dora@example.com');

  assertError(await app.register('  Dora@Example.COM ', PASSWORD), 409);
});

test('the database holds a salted bcrypt hash (cost 12), never the password', async () => {
  await app.createUser('erin@example.com');
  await app.createUser('fred@example.com');

  const db = new Database(app.databasePath, { readonly: true });
  const rows = db
    .prepare<[], { password_hash: string }>(
      "SELECT password_hash FROM users WHERE email IN ('erin@example.com', 'fred@example.com')",
    )
    .all();
  db.close();
  assert.equal(rows.length, 2);
  for (const { password_hash } of rows) assert.match(password_hash, /^\$2b\$12\$/);
  assert.notEqual(rows[0].password_hash, rows[1].password_hash);
});
