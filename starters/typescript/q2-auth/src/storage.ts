// SQLite storage: the schema and every query the service runs.
//
// better-sqlite3 is synchronous on purpose: a query on a local file takes
// microseconds, less than handing it to a thread would cost. Slow work
// (hashing) belongs on a thread pool instead, never here.
//
// Every value reaches SQL as a bound parameter (`?`); never build SQL text
// from request data.

import Database from 'better-sqlite3';

import type { User } from './domain/user';

/**
 * Created on start when missing. `AUTOINCREMENT`: the id of a deleted
 * account is never handed out again. Times are seconds since the epoch.
 */
// TODO(q2): the database itself must enforce one account per email (a
// UNIQUE constraint, or `CREATE UNIQUE INDEX ... ON users (email)`), so that
// 10 simultaneous registrations of one email give one 201 and nine 409,
// never a 5xx. Checking "does it exist?" before inserting is a race.
// TODO(q2): the password reset (bonus) needs its own table: store a hash of
// each token (never the token), its expiry, and whether it was used. Login
// throttling (bonus) needs somewhere to count failures, here or in memory.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
  );
`;

export class Storage {
  readonly #db: Database.Database;

  /** Opens (or creates) the database file and makes sure the schema exists. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    // Another process on the same file waits for the lock instead of
    // failing with SQLITE_BUSY.
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  /** Creates an account and returns it. */
  // TODO(q2): once email is unique, an insert of a taken email throws a
  // `Database.SqliteError` whose `code` is `'SQLITE_CONSTRAINT_UNIQUE'`: tell
  // the caller, so the route answers 409 instead of 500.
  insertUser(email: string, passwordHash: string, now: number): User {
    return this.#db
      .prepare<[string, string, number], User>(
        'INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) RETURNING id, email',
      )
      .get(email, passwordHash, now)!;
  }

  /** `undefined` when no account has this id. */
  getUser(id: number): User | undefined {
    return this.#db.prepare<[number], User>('SELECT id, email FROM users WHERE id = ?').get(id);
  }
}
