//! A read-only look into the SQLite database a service was told to use:
//! what a reviewer with a SQLite shell would check (is the password stored
//! in clear? is the email unique?), without ever writing to it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::outcome::Failure;

#[derive(Debug)]
pub struct Database {
    connection: Connection,
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
    /// Opens the file read-only. Fails the check (not the grader) when the
    /// service has not created it.
    pub fn open(path: &Path) -> Result<Database, Failure> {
        if !path.is_file() {
            return Err(Failure::fail(format!(
                "the service did not create its database at DATABASE_PATH ({})",
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )));
        }
        let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|error| {
                Failure::fail(format!("the database cannot be opened as SQLite: {error}"))
            })?;
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(|error| Failure::error(format!("cannot set a busy timeout: {error}")))?;
        Ok(Database { connection })
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
}
