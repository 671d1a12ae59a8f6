//! SQLite storage: the schema and every query the service runs.
//!
//! Each call opens its own connection (microseconds for SQLite) and runs on
//! actix's blocking thread pool through `web::block`, so disk I/O never stalls
//! the async workers serving HTTP. WAL mode and a busy timeout on every
//! connection let concurrent requests write without "database is locked"
//! errors.
//!
//! Every value reaches SQL as a bound parameter (`?1`); never build SQL text
//! from request data.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use actix_web::{error::BlockingError, web};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{User, UserId};

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Created on start when missing. `AUTOINCREMENT`: the id of a deleted
/// account is never handed out again. Times are seconds since the epoch.
// TODO(q2): the database itself must enforce one account per email (a
// UNIQUE constraint, or `CREATE UNIQUE INDEX ... ON users (email)`), so that
// 10 simultaneous registrations of one email give one 201 and nine 409,
// never a 5xx. Checking "does it exist?" before inserting is a race.
// TODO(q2): the password reset (bonus) needs its own table: store a hash of
// each token (never the token), its expiry, and whether it was used. Login
// throttling (bonus) needs somewhere to count failures, here or in memory.
const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS users (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        email         TEXT    NOT NULL,
        password_hash TEXT    NOT NULL,
        created_at    INTEGER NOT NULL
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

    /// Creates an account and returns it.
    // TODO(q2): once email is unique, an insert of a taken email fails with a
    // constraint violation (`rusqlite::Error::sqlite_error_code()` is
    // `Some(ErrorCode::ConstraintViolation)`): tell the caller, so the route
    // answers 409 instead of 500.
    pub async fn insert_user(
        &self,
        email: String,
        password_hash: String,
    ) -> Result<User, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "INSERT INTO users (email, password_hash, created_at) VALUES (?1, ?2, ?3)
                 RETURNING id, email",
                params![email, password_hash, unix_now()],
                user_from_row,
            )
        })
        .await
    }

    /// `None` when no account has this id.
    pub async fn get_user(&self, id: UserId) -> Result<Option<User>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                "SELECT id, email FROM users WHERE id = ?1",
                [id.get()],
                user_from_row,
            )
            .optional()
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
    Ok(conn)
}

/// Seconds since 1970-01-01T00:00:00Z (0 for a clock set before that).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId::from(row.get::<_, i64>("id")?),
        email: row.get("email")?,
    })
}
