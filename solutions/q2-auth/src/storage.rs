//! SQLite storage: the schema and every query the service runs.
//!
//! Each call opens its own connection (microseconds for SQLite) and runs on
//! actix's blocking thread pool through `web::block`, so disk I/O never
//! stalls the async workers serving HTTP. WAL mode and a busy timeout on
//! every connection let concurrent requests write without "database is
//! locked" errors; transactions that read then write start `IMMEDIATE`, so
//! two of them queue instead of failing to upgrade their lock.
//!
//! Every value reaches SQL as a bound parameter (`?1`); no SQL text is ever
//! built from request data.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use actix_web::{error::BlockingError, web};
use rusqlite::{
    Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior, ffi, params,
    types::{FromSql, FromSqlError, FromSqlResult, ValueRef},
};

use crate::{
    auth::{FailureRecord, PasswordHash, ThrottlePolicy},
    domain::{Email, ResetTokenDigest, User, UserId},
};

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Created on start when missing. Every time is whole seconds since the
/// Unix epoch.
///
/// - `users.email`: canonical form (trimmed, lower-cased), unique by index:
///   the database, not a check-then-insert, decides who gets an address.
/// - `users.password_hash`: bcrypt, `$2b$<cost>$...`; never a password.
/// - `users.password_changed_at`: access tokens issued (`iat`) before it
///   are refused; NULL until the first password reset (no token can
///   predate an account: ids are never reused).
/// - `password_resets.token_hash`: SHA-256 (hex) of the emailed token; the
///   token itself is stored nowhere. `used_at` makes it single-use.
/// - `login_failures`: failed logins per email, for throttling; the email
///   need not belong to an account.
const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
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
    CREATE TABLE IF NOT EXISTS login_failures (
        email        TEXT    PRIMARY KEY,
        failures     INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        locked_until INTEGER
    );
";

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot open database `{}`", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database query failed")]
    Query(#[from] rusqlite::Error),
    #[error("database task did not complete")]
    Blocking(#[from] BlockingError),
}

/// Another account already has this email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailTaken;

/// An account and what logging in checks against.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: PasswordHash,
}

/// An account and what decides which of its access tokens still hold.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    pub user: User,
    /// Tokens issued (`iat`) before this second are refused; `None` until
    /// the first password reset.
    pub password_changed_at: Option<i64>,
}

/// Handle to the database; cheap to clone, shared by all workers.
#[derive(Debug, Clone)]
pub struct Storage {
    path: Arc<Path>,
}

impl Storage {
    /// Opens (or creates) the database file and makes sure the schema exists.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let open_error = |source| StorageError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = connect(path).map_err(open_error)?;
        conn.execute_batch(SCHEMA).map_err(open_error)?;
        Ok(Self { path: path.into() })
    }

    /// Creates an account; `Err(EmailTaken)` when the unique index refuses
    /// the email, however many requests race for it.
    pub async fn insert_user(
        &self,
        email: Email,
        password_hash: PasswordHash,
        now: i64,
    ) -> Result<Result<User, EmailTaken>, StorageError> {
        self.run(move |conn| {
            let inserted = conn.query_row(
                "INSERT INTO users (email, password_hash, created_at)
                 VALUES (?1, ?2, ?3)
                 RETURNING id, email",
                params![email.as_str(), password_hash.as_str(), now],
                user_from_row,
            );
            match inserted {
                Ok(user) => Ok(Ok(user)),
                Err(err) if is_unique_violation(&err) => Ok(Err(EmailTaken)),
                Err(err) => Err(err),
            }
        })
        .await
    }

    pub async fn find_credentials(
        &self,
        email: Email,
    ) -> Result<Option<Credentials>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT id, email, password_hash FROM users WHERE email = ?1",
                [email.as_str()],
                |row| {
                    Ok(Credentials {
                        user: user_from_row(row)?,
                        password_hash: PasswordHash::from_stored(row.get("password_hash")?),
                    })
                },
            )
            .optional()
        })
        .await
    }

    pub async fn find_user_by_email(&self, email: Email) -> Result<Option<User>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT id, email FROM users WHERE email = ?1",
                [email.as_str()],
                user_from_row,
            )
            .optional()
        })
        .await
    }

    pub async fn find_token_owner(&self, id: UserId) -> Result<Option<TokenOwner>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT id, email, password_changed_at FROM users WHERE id = ?1",
                [id.get()],
                |row| {
                    Ok(TokenOwner {
                        user: user_from_row(row)?,
                        password_changed_at: row.get("password_changed_at")?,
                    })
                },
            )
            .optional()
        })
        .await
    }

    /// The failures recorded for `email`, if any.
    pub async fn login_failures(
        &self,
        email: Email,
    ) -> Result<Option<FailureRecord>, StorageError> {
        self.run(move |conn| read_failures(conn, &email)).await
    }

    /// Counts one failed login for `email`, following `policy`, and forgets
    /// the records with nothing left to enforce (window over, no lockout
    /// running), so the table stays small.
    pub async fn record_login_failure(
        &self,
        email: Email,
        policy: ThrottlePolicy,
        now: i64,
    ) -> Result<(), StorageError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let record = policy.after_failure(read_failures(&tx, &email)?.as_ref(), now);
            tx.execute(
                "INSERT INTO login_failures (email, failures, window_start, locked_until)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (email) DO UPDATE SET
                     failures = excluded.failures,
                     window_start = excluded.window_start,
                     locked_until = excluded.locked_until",
                params![
                    email.as_str(),
                    record.failures,
                    record.window_start,
                    record.locked_until
                ],
            )?;
            tx.execute(
                "DELETE FROM login_failures
                 WHERE CASE WHEN locked_until IS NULL THEN window_start <= ?1 - ?2
                            ELSE locked_until <= ?1 END",
                params![now, policy.lockout_secs],
            )?;
            tx.commit()
        })
        .await
    }

    /// Clears the failures of `email` after a successful login, unless a
    /// lockout started meanwhile (by concurrent failures): then the seconds
    /// it has left, and the login must be refused after all.
    pub async fn record_login_success(
        &self,
        email: Email,
        policy: ThrottlePolicy,
        now: i64,
    ) -> Result<Option<u64>, StorageError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let retry_after = policy.retry_after(read_failures(&tx, &email)?.as_ref(), now);
            if retry_after.is_none() {
                tx.execute(
                    "DELETE FROM login_failures WHERE email = ?1",
                    [email.as_str()],
                )?;
            }
            tx.commit()?;
            Ok(retry_after)
        })
        .await
    }

    /// Stores a reset token (its digest only) for `user`.
    pub async fn insert_reset_token(
        &self,
        user: UserId,
        digest: ResetTokenDigest,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        self.run(move |conn| {
            conn.execute(
                "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![user.get(), digest.as_str(), now, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    /// Whether a reset token exists, is unused and has not expired. Read
    /// only: a cheap check before spending a bcrypt hash on it.
    pub async fn reset_token_is_usable(
        &self,
        digest: ResetTokenDigest,
        now: i64,
    ) -> Result<bool, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT EXISTS (
                     SELECT 1 FROM password_resets
                     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                 )",
                params![digest.as_str(), now],
                |row| row.get(0),
            )
        })
        .await
    }

    /// Uses a reset token: in one transaction, marks it used (only if it is
    /// still unused and unexpired), sets the new password hash, moves
    /// `password_changed_at` to `now` (revoking older access tokens), marks
    /// the account's other outstanding reset tokens used, and clears its
    /// login failures. `None` when the token is not usable: nothing changed.
    pub async fn reset_password(
        &self,
        digest: ResetTokenDigest,
        new_hash: PasswordHash,
        now: i64,
    ) -> Result<Option<UserId>, StorageError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let user = tx
                .query_row(
                    "UPDATE password_resets SET used_at = ?2
                     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
                     RETURNING user_id",
                    params![digest.as_str(), now],
                    |row| row.get::<_, i64>(0),
                )
                .optional()?;
            let Some(user) = user else {
                return Ok(None);
            };
            tx.execute(
                "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
                params![user, new_hash.as_str(), now],
            )?;
            tx.execute(
                "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
                params![user, now],
            )?;
            tx.execute(
                "DELETE FROM login_failures
                 WHERE email = (SELECT email FROM users WHERE id = ?1)",
                [user],
            )?;
            tx.commit()?;
            Ok(Some(UserId::from(user)))
        })
        .await
    }

    /// Runs `query` on a fresh connection on the blocking thread pool.
    async fn run<T, F>(&self, query: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let path = Arc::clone(&self.path);
        let result = web::block(move || query(&mut connect(&path)?)).await?;
        Ok(result?)
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}

fn is_unique_violation(err: &rusqlite::Error) -> bool {
    err.sqlite_error().is_some_and(|err| {
        err.code == ErrorCode::ConstraintViolation
            && err.extended_code == ffi::SQLITE_CONSTRAINT_UNIQUE
    })
}

fn read_failures(conn: &Connection, email: &Email) -> rusqlite::Result<Option<FailureRecord>> {
    conn.query_row(
        "SELECT failures, window_start, locked_until FROM login_failures WHERE email = ?1",
        [email.as_str()],
        |row| {
            Ok(FailureRecord {
                failures: row.get("failures")?,
                window_start: row.get("window_start")?,
                locked_until: row.get("locked_until")?,
            })
        },
    )
    .optional()
}

/// Rows are parsed back into domain types, so a row that breaks a rule
/// (say, edited by hand) surfaces as an error instead of bad output.
fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId::from(row.get::<_, i64>("id")?),
        email: row.get("email")?,
    })
}

impl FromSql for Email {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::parse(value.as_str()?).map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}
