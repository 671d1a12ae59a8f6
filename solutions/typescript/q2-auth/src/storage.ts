// SQLite storage: the schema and every query the service runs.
//
// better-sqlite3 is synchronous on purpose: a query on a local file takes
// microseconds, less than handing it to a thread would cost. What is slow
// (bcrypt) runs on libuv's thread pool instead, see `auth/passwords.ts`.
//
// Every value reaches SQL as a bound parameter (`?`); no SQL text is ever
// built from request data.

import Database from 'better-sqlite3';

import type { User } from './domain/user';

/**
 * Created on start when missing. Every time is whole seconds since the epoch.
 *
 * - `users.email`: canonical form, unique by index: the database, not a
 *   check-then-insert, decides who gets an address.
 * - `users.password_hash`: bcrypt (`$2b$12$...`); never a password.
 * - `users.password_changed_at`: access tokens issued (`iat`) before it are
 *   refused; NULL until the first password reset.
 * - `password_resets.token_hash`: SHA-256 (hex) of the emailed token; the
 *   token itself is stored nowhere. `used_at` makes it single-use.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    email               TEXT    NOT NULL,
    password_hash       TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER
  );
  CREATE UNIQUE INDEX IF NOT EXISTS users_email_unique ON users (email);
  CREATE TABLE IF NOT EXISTS password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
  );
  CREATE INDEX IF NOT EXISTS password_resets_user ON password_resets (user_id);
`;

/** An account and the hash logging in checks against. */
export interface Credentials {
  user: User;
  passwordHash: string;
}

/** An account and what decides which of its access tokens still hold. */
export interface TokenOwner {
  user: User;
  /** Tokens issued before this second are refused; null until a reset. */
  passwordChangedAt: number | null;
}

interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  password_changed_at: number | null;
}

export class Storage {
  readonly #db: Database.Database;

  /** Opens (or creates) the database file and makes sure the schema exists. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    // Another process on the same file (a restart overlapping the old one)
    // waits for the lock instead of failing with SQLITE_BUSY.
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  /** The new account, or `'email_taken'` when another account has the email. */
  insertUser(email: string, passwordHash: string, now: number): User | 'email_taken' {
    try {
      return this.#db
        .prepare<[string, string, number], User>(
          'INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) RETURNING id, email',
        )
        .get(email, passwordHash, now)!;
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return 'email_taken';
      }
      throw err;
    }
  }

  credentialsByEmail(email: string): Credentials | undefined {
    const row = this.#db
      .prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?')
      .get(email);
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  tokenOwner(id: number): TokenOwner | undefined {
    const row = this.#db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row && { user: toUser(row), passwordChangedAt: row.password_changed_at };
  }

  insertResetToken(userId: number, tokenHash: string, now: number, expiresAt: number): void {
    this.#db
      .prepare(
        'INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(userId, tokenHash, now, expiresAt);
  }

  /** The account a reset token belongs to, if the token is unused and unexpired. */
  resetTokenOwner(tokenHash: string, now: number): User | undefined {
    const row = this.#db
      .prepare<[string, number], UserRow>(
        `SELECT users.* FROM password_resets JOIN users ON users.id = password_resets.user_id
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
      )
      .get(tokenHash, now);
    return row && toUser(row);
  }

  /**
   * Uses up the token and sets the new password, in one transaction: of two
   * requests racing with one token, exactly one gets the account. Also
   * uses up the account's other reset tokens. `undefined` when the token
   * was not (or no longer) usable.
   */
  completeReset(tokenHash: string, passwordHash: string, now: number): User | undefined {
    return this.#db.transaction(() => {
      const reset = this.#db
        .prepare<[number, string, number], { user_id: number }>(
          `UPDATE password_resets SET used_at = ?
           WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
           RETURNING user_id`,
        )
        .get(now, tokenHash, now);
      if (reset === undefined) return undefined;
      this.#db
        .prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?')
        .run(passwordHash, now, reset.user_id);
      this.#db
        .prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL')
        .run(now, reset.user_id);
      return this.tokenOwner(reset.user_id)?.user;
    }).immediate();
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email };
}
