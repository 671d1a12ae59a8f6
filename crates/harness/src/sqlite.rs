//! A read-only look into the SQLite database a service was told to use:
//! what a reviewer with a SQLite shell would check (is the password stored
//! in clear? is the email unique?), without ever writing to it.
//!
//! The service's files are never opened in place: the database and its WAL
//! are copied (without following links, see [`crate::safe_read`]) into a
//! private folder, and the copy is opened.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

use crate::outcome::Failure;
use crate::safe_read::{SafeReadError, copy_beneath};

/// The largest database file (and WAL file) the grader copies.
pub const DATABASE_CAP: u64 = 256 * 1024 * 1024;

/// How many times the copy is taken again when the service changed its
/// files while they were being copied.
const SNAPSHOT_ATTEMPTS: usize = 3;

#[derive(Debug)]
pub struct Database {
    connection: Connection,
    /// The private copy `connection` reads (dropped after it).
    _copy: TempDir,
}

/// One cell, as text (BLOBs decoded lossily).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub table: String,
    /// Position of the row in its table, as read (groups cells into rows).
    pub row: usize,
    pub column: String,
    pub value: String,
}

impl Database {
    /// Opens a private copy of the database at `path`, which the service
    /// wrote beneath its run folder `root` (usually
    /// `cx.files().work_dir`). The file and its `-wal` are copied without
    /// following links; the `-shm` index is not needed (SQLite rebuilds it).
    /// Fails the check (not the grader) when the service has not created
    /// the file, or made it something the grader does not read.
    pub fn open_beneath(root: &Path, path: &Path) -> Result<Database, Failure> {
        let copy_dir = tempfile::Builder::new()
            .prefix("kit-database-")
            .tempdir()
            .map_err(|error| {
                Failure::error(format!(
                    "cannot create a private folder for a copy of the database: {error}"
                ))
            })?;
        let copy = copy_dir.path().join("database.db");
        match snapshot(root, path, &copy) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Failure::fail(format!(
                    "the service did not create its database at DATABASE_PATH ({})",
                    path.file_name()
                        .map(|name| name.to_string_lossy().into_owned())
                        .unwrap_or_default()
                )));
            }
            Err(error) if error.is_grader_side() => {
                return Err(Failure::error(format!(
                    "cannot copy the service's database: {error}"
                )));
            }
            Err(error) => {
                return Err(Failure::fail(format!(
                    "the grader did not read the database at DATABASE_PATH: {error}"
                )));
            }
        }
        let connection = open_copy(&copy)?;
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(|error| Failure::error(format!("cannot set a busy timeout: {error}")))?;
        Ok(Database {
            connection,
            _copy: copy_dir,
        })
    }

    /// [`Database::open_beneath`] with the file's own folder as the root.
    #[cfg(test)]
    fn open(path: &Path) -> Result<Database, Failure> {
        let root = path.parent().unwrap_or(Path::new("."));
        Database::open_beneath(root, path)
    }

    /// User tables (SQLite's own `sqlite_*` tables left out).
    pub fn tables(&self) -> Result<Vec<String>, Failure> {
        self.strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    }

    pub fn columns(&self, table: &str) -> Result<Vec<String>, Failure> {
        self.strings(&format!(
            "SELECT name FROM pragma_table_info({})",
            quote_literal(table)
        ))
    }

    /// The rows (as their cells) of every user table that have a cell equal
    /// to `value`: "the row of this user".
    pub fn rows_with(&self, value: &str) -> Result<Vec<Vec<Cell>>, Failure> {
        let cells = self.cells()?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for (table, row) in cells
            .iter()
            .map(|cell| (&cell.table, cell.row))
            .collect::<std::collections::BTreeSet<_>>()
        {
            let row_cells: Vec<Cell> = cells
                .iter()
                .filter(|cell| &cell.table == table && cell.row == row)
                .cloned()
                .collect();
            if row_cells.iter().any(|cell| cell.value == value) {
                rows.push(row_cells);
            }
        }
        Ok(rows)
    }

    /// Every cell of every user table, as text.
    pub fn cells(&self) -> Result<Vec<Cell>, Failure> {
        let mut cells = Vec::new();
        for table in self.tables()? {
            let columns = self.columns(&table)?;
            let select = columns
                .iter()
                .map(|column| quote_identifier(column))
                .collect::<Vec<_>>()
                .join(", ");
            if select.is_empty() {
                continue;
            }
            let sql = format!("SELECT {select} FROM {}", quote_identifier(&table));
            let mut statement = self.connection.prepare(&sql).map_err(query_error)?;
            let mut rows = statement.query([]).map_err(query_error)?;
            let mut row_number = 0;
            while let Some(row) = rows.next().map_err(query_error)? {
                row_number += 1;
                for (index, column) in columns.iter().enumerate() {
                    let value = match row.get_ref(index).map_err(query_error)? {
                        rusqlite::types::ValueRef::Null => continue,
                        rusqlite::types::ValueRef::Integer(number) => number.to_string(),
                        rusqlite::types::ValueRef::Real(number) => number.to_string(),
                        rusqlite::types::ValueRef::Text(text)
                        | rusqlite::types::ValueRef::Blob(text) => {
                            String::from_utf8_lossy(text).into_owned()
                        }
                    };
                    cells.push(Cell {
                        table: table.clone(),
                        row: row_number,
                        column: column.clone(),
                        value,
                    });
                }
            }
        }
        Ok(cells)
    }

    /// The key sets a UNIQUE constraint, unique index or primary key enforces
    /// on `table` (`[["email"], ["id"]]`). A key that is an expression
    /// (`CREATE UNIQUE INDEX ... ON users (lower(email))`) appears as its SQL
    /// text (`lower(email)`); see [`names_column`]. Partial indexes (`WHERE`)
    /// are left out: they do not make the column unique.
    pub fn unique_column_sets(&self, table: &str) -> Result<Vec<Vec<String>>, Failure> {
        let mut sets = Vec::new();
        let indexes = self.strings(&format!(
            "SELECT name FROM pragma_index_list({}) WHERE \"unique\" = 1 AND partial = 0",
            quote_literal(table)
        ))?;
        for index in indexes {
            let keys = self.optional_strings(&format!(
                "SELECT name FROM pragma_index_xinfo({}) WHERE key = 1 ORDER BY seqno",
                quote_literal(&index)
            ))?;
            if keys.iter().all(Option::is_some) {
                sets.push(keys.into_iter().flatten().collect());
                continue;
            }
            // An expression index: its key parts come from its SQL text.
            let sql = self
                .strings(&format!(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = {}",
                    quote_literal(&index)
                ))?
                .pop()
                .unwrap_or_default();
            let parts = index_key_list(&sql)
                .map(split_top_level)
                .unwrap_or_default();
            if parts.len() == keys.len() {
                sets.push(parts);
            } else {
                sets.push(vec![sql]);
            }
        }
        let primary = self.strings(&format!(
            "SELECT name FROM pragma_table_info({}) WHERE pk > 0 ORDER BY pk",
            quote_literal(table)
        ))?;
        if !primary.is_empty() {
            sets.push(primary);
        }
        Ok(sets)
    }

    fn optional_strings(&self, sql: &str) -> Result<Vec<Option<String>>, Failure> {
        let mut statement = self.connection.prepare(sql).map_err(query_error)?;
        let rows = statement
            .query_map([], |row| row.get::<_, Option<String>>(0))
            .map_err(query_error)?;
        rows.map(|row| row.map_err(query_error)).collect()
    }

    /// The first column of every row of `sql`, as text.
    pub fn strings(&self, sql: &str) -> Result<Vec<String>, Failure> {
        let mut statement = self.connection.prepare(sql).map_err(query_error)?;
        let rows = statement
            .query_map([], |row| row.get::<_, Option<String>>(0))
            .map_err(query_error)?;
        let mut values = Vec::new();
        for row in rows {
            if let Some(value) = row.map_err(query_error)? {
                values.push(value);
            }
        }
        Ok(values)
    }
}

/// Copies the database at `path` and its `-wal` (when there is one) to
/// `copy` and `copy-wal`; `Ok(false)` when the database does not exist. A
/// copy taken while the service changed its files is taken again, so that
/// the database and its WAL match.
fn snapshot(root: &Path, path: &Path, copy: &Path) -> Result<bool, SafeReadError> {
    let wal = with_suffix(path, "-wal");
    let copy_wal = with_suffix(copy, "-wal");
    for _ in 0..SNAPSHOT_ATTEMPTS {
        let before = fingerprint(&[path, &wal]);
        if !copy_beneath(root, path, copy, DATABASE_CAP)? {
            return Ok(false);
        }
        if !copy_beneath(root, &wal, &copy_wal, DATABASE_CAP)? {
            // A WAL copied on an earlier attempt is stale now.
            let _ = std::fs::remove_file(&copy_wal);
        }
        if fingerprint(&[path, &wal]) == before {
            break;
        }
    }
    Ok(true)
}

/// Identity, size and modification time of each file (no content read, no
/// link followed): tells whether the service changed them.
fn fingerprint(paths: &[&Path]) -> Vec<Option<(u64, u64, i64, i64)>> {
    paths
        .iter()
        .map(|path| {
            std::fs::symlink_metadata(path).ok().map(|metadata| {
                (
                    metadata.ino(),
                    metadata.len(),
                    metadata.mtime(),
                    metadata.mtime_nsec(),
                )
            })
        })
        .collect()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens the private copy read-only. A database in WAL mode may need its
/// `-shm` index created beside it, which a read-only connection cannot do:
/// the copy is then opened read-write (it is the grader's own file). When
/// neither reads, the read-only connection is kept, so that the first query
/// tells what is wrong, as it would for the service's own file.
fn open_copy(copy: &Path) -> Result<Connection, Failure> {
    let open = |flags: OpenFlags| {
        Connection::open_with_flags(copy, flags).map_err(|error| {
            Failure::fail(format!("the database cannot be opened as SQLite: {error}"))
        })
    };
    let readable = |connection: &Connection| {
        connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| {
                row.get::<_, i64>(0)
            })
            .is_ok()
    };
    let read_only = open(OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if readable(&read_only) {
        return Ok(read_only);
    }
    match open(OpenFlags::SQLITE_OPEN_READ_WRITE) {
        Ok(read_write) if readable(&read_write) => Ok(read_write),
        _ => Ok(read_only),
    }
}

fn query_error(error: rusqlite::Error) -> Failure {
    Failure::error(format!("reading the service's database failed: {error}"))
}

/// Whether a unique key part (a column name or an expression's SQL, as
/// [`Database::unique_column_sets`] gives them) is about `column`:
/// `email`, `lower(email)`, `LOWER(TRIM("email"))`, `email COLLATE NOCASE`.
pub fn names_column(part: &str, column: &str) -> bool {
    let column = column.to_lowercase();
    part.to_lowercase()
        .split(|character: char| !(character.is_alphanumeric() || character == '_'))
        .any(|word| word == column)
}

/// The text between the parentheses after `ON <table>` in a CREATE INDEX.
fn index_key_list(sql: &str) -> Option<&str> {
    let on = sql.to_lowercase().find(" on ")?;
    let open = on + sql[on..].find('(')?;
    let mut depth = 0usize;
    for (offset, character) in sql[open..].char_indices() {
        match character {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&sql[open + 1..open + offset]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `lower(email), id` -> `["lower(email)", "id"]`: commas inside parentheses stay.
fn split_top_level(list: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (offset, character) in list.char_indices() {
        match character {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(list[start..offset].trim().to_owned());
                start = offset + 1;
            }
            _ => {}
        }
    }
    parts.push(list[start..].trim().to_owned());
    parts
}

fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("data.db");
        let writer = Connection::open(&path).unwrap_or_else(|error| panic!("{error}"));
        writer
            .execute_batch(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, password_hash TEXT);
                 CREATE UNIQUE INDEX users_email ON users (email);
                 CREATE TABLE \"odd \"\"name\" (note BLOB);
                 INSERT INTO users (email, password_hash) VALUES ('ann@example.com', '$2b$12$abc');
                 INSERT INTO \"odd \"\"name\" VALUES (x'68656c6c6f');",
            )
            .unwrap_or_else(|error| panic!("{error}"));
        drop(writer);
        let database = Database::open(&path).unwrap_or_else(|failure| panic!("{failure}"));
        (dir, database)
    }

    #[test]
    fn lists_every_cell_as_text() {
        let (_dir, database) = sample();
        let cells = database
            .cells()
            .unwrap_or_else(|failure| panic!("{failure}"));
        let values: Vec<&str> = cells.iter().map(|cell| cell.value.as_str()).collect();
        assert_eq!(values, ["hello", "1", "ann@example.com", "$2b$12$abc"]);
    }

    #[test]
    fn finds_the_row_holding_a_value() {
        let (_dir, database) = sample();
        let rows = database
            .rows_with("ann@example.com")
            .unwrap_or_else(|failure| panic!("{failure}"));
        let columns: Vec<Vec<&str>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| cell.column.as_str()).collect())
            .collect();
        assert_eq!(columns, vec![vec!["id", "email", "password_hash"]]);
    }

    #[test]
    fn finds_unique_indexes_and_the_primary_key() {
        let (_dir, database) = sample();
        let sets = database
            .unique_column_sets("users")
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(sets, vec![vec!["email".to_owned()], vec!["id".to_owned()]]);
    }

    #[test]
    fn finds_expression_indexes_and_leaves_out_partial_ones() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("data.db");
        let writer = Connection::open(&path).unwrap_or_else(|error| panic!("{error}"));
        writer
            .execute_batch(
                "CREATE TABLE accounts (id TEXT NOT NULL, email TEXT NOT NULL, tenant INTEGER);
                 CREATE UNIQUE INDEX by_email ON accounts (lower(trim(email)));
                 CREATE UNIQUE INDEX by_tenant ON accounts (tenant, lower(email));
                 CREATE UNIQUE INDEX by_id ON accounts (id) WHERE tenant IS NOT NULL;",
            )
            .unwrap_or_else(|error| panic!("{error}"));
        drop(writer);
        let database = Database::open(&path).unwrap_or_else(|failure| panic!("{failure}"));
        let sets = database
            .unique_column_sets("accounts")
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(
            sets,
            vec![
                vec!["tenant".to_owned(), "lower(email)".to_owned()],
                vec!["lower(trim(email))".to_owned()],
            ]
        );
        assert!(names_column("lower(trim(email))", "email"));
        assert!(names_column("\"Email\" COLLATE NOCASE", "email"));
        assert!(!names_column("lower(email_verified)", "email"));
    }

    #[test]
    fn a_missing_file_fails_the_check_with_a_clear_message() {
        let failure = Database::open(Path::new("/nonexistent/data.db"))
            .err()
            .unwrap_or_else(|| panic!("opened"));
        assert_eq!(
            failure.message,
            "the service did not create its database at DATABASE_PATH (data.db)"
        );
    }

    #[test]
    fn a_database_linked_from_outside_the_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let secret = outside.path().join("secret.db");
        let writer = Connection::open(&secret).unwrap_or_else(|error| panic!("{error}"));
        writer
            .execute_batch(
                "CREATE TABLE keys (value TEXT); INSERT INTO keys VALUES ('CANARY-SECRET-81f2');",
            )
            .unwrap_or_else(|error| panic!("{error}"));
        drop(writer);
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = root.path().join("data.db");
        std::os::unix::fs::symlink(&secret, &path).unwrap_or_else(|error| panic!("{error}"));
        let failure = Database::open_beneath(root.path(), &path)
            .err()
            .unwrap_or_else(|| panic!("opened"));
        assert_eq!(failure.status, crate::Status::Fail);
        assert_eq!(
            failure.message,
            "the grader did not read the database at DATABASE_PATH: data.db is a symbolic link: the grader does not follow links the service made"
        );
    }

    #[test]
    fn a_linked_wal_is_refused_too() {
        let (dir, _database) = sample();
        let outside = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(outside.path().join("secret"), "CANARY-SECRET-81f2")
            .unwrap_or_else(|error| panic!("{error}"));
        std::os::unix::fs::symlink(
            outside.path().join("secret"),
            dir.path().join("data.db-wal"),
        )
        .unwrap_or_else(|error| panic!("{error}"));
        let failure = Database::open_beneath(dir.path(), &dir.path().join("data.db"))
            .err()
            .unwrap_or_else(|| panic!("opened"));
        assert!(
            failure.message.contains("data.db-wal is a symbolic link"),
            "{failure}"
        );
        assert!(!failure.message.contains("CANARY"), "{failure}");
    }

    #[test]
    fn reads_what_is_still_in_the_wal_of_a_running_service() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = root.path().join("data.db");
        let writer = Connection::open(&path).unwrap_or_else(|error| panic!("{error}"));
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA wal_autocheckpoint = 0;
                 CREATE TABLE users (email TEXT UNIQUE);
                 INSERT INTO users VALUES ('ann@example.com');",
            )
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(root.path().join("data.db-wal").is_file());
        // The writer stays open: its WAL is not checkpointed into data.db.
        let database = Database::open_beneath(root.path(), &path)
            .unwrap_or_else(|failure| panic!("{failure}"));
        let values: Vec<String> = database
            .cells()
            .unwrap_or_else(|failure| panic!("{failure}"))
            .into_iter()
            .map(|cell| cell.value)
            .collect();
        assert_eq!(values, ["ann@example.com"]);
        // The service's files are left as they were: its writer goes on.
        writer
            .execute("INSERT INTO users VALUES ('bob@example.com')", [])
            .unwrap_or_else(|error| panic!("{error}"));
        drop(database);
        drop(writer);
        let database = Database::open_beneath(root.path(), &path)
            .unwrap_or_else(|failure| panic!("{failure}"));
        assert_eq!(
            database
                .cells()
                .unwrap_or_else(|failure| panic!("{failure}"))
                .len(),
            2
        );
    }

    #[test]
    fn a_file_that_is_not_sqlite_fails_when_read_as_before() {
        let root = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = root.path().join("data.db");
        std::fs::write(
            &path,
            "not a database, just some text that is long enough to have a header",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        let database = Database::open_beneath(root.path(), &path)
            .unwrap_or_else(|failure| panic!("{failure}"));
        let failure = database.tables().err().unwrap_or_else(|| panic!("read"));
        assert_eq!(
            failure.message,
            "reading the service's database failed: file is not a database"
        );
    }
}
