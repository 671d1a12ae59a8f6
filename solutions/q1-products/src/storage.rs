//! SQLite storage for products: the schema and every query the service runs.
//!
//! Each call opens its own connection (microseconds for SQLite) and runs on
//! actix's blocking thread pool through `web::block`, so disk I/O never stalls
//! the async workers serving HTTP. WAL mode and a busy timeout let concurrent
//! requests write without "database is locked" errors.
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
    Connection, OptionalExtension, Row, params,
    types::{FromSql, FromSqlError, FromSqlResult, ValueRef},
};

use crate::domain::{
    Description, ListQuery, NameFilter, NewProduct, Price, Product, ProductId, ProductName,
    ProductPatch,
};

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Created on start when missing.
///
/// - `AUTOINCREMENT`: the id of a deleted product is never handed out again.
/// - `name_folded`: the name in lowercase, written by the service from Rust's
///   Unicode-aware lowercasing. SQLite's own `lower()` and `LIKE` only fold
///   ASCII, so searching `lower(name)` would miss "ÉCLAIR" for "éclair".
/// - `price_cents`: whole cents, so 19.99 is stored as 1999 and comes back
///   exactly.
const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS products (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        name_folded TEXT    NOT NULL,
        description TEXT    NOT NULL,
        price_cents INTEGER NOT NULL
    );
";

const PRODUCT_COLUMNS: &str = "id, name, description, price_cents";

/// `?1` is the `LIKE` pattern of the name filter, or NULL for no filter.
const NAME_MATCHES: &str = r"(?1 IS NULL OR name_folded LIKE ?1 ESCAPE '\')";

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

/// One page of products, and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub items: Vec<Product>,
    pub total: i64,
}

/// Handle to the product database; cheap to clone, shared by all workers.
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

    pub async fn insert_product(&self, new: NewProduct) -> Result<Product, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                &format!(
                    "INSERT INTO products (name, name_folded, description, price_cents)
                     VALUES (?1, ?2, ?3, ?4)
                     RETURNING {PRODUCT_COLUMNS}"
                ),
                params![
                    new.name.as_str(),
                    new.name.folded(),
                    new.description.as_str(),
                    new.price.cents(),
                ],
                product_from_row,
            )
        })
        .await
    }

    /// `None` when no product has this id.
    pub async fn get_product(&self, id: ProductId) -> Result<Option<Product>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                &format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"),
                [id.get()],
                product_from_row,
            )
            .optional()
        })
        .await
    }

    /// Replaces every field; `None` when no product has this id.
    pub async fn replace_product(
        &self,
        id: ProductId,
        new: NewProduct,
    ) -> Result<Option<Product>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                &format!(
                    "UPDATE products
                     SET name = ?2, name_folded = ?3, description = ?4, price_cents = ?5
                     WHERE id = ?1
                     RETURNING {PRODUCT_COLUMNS}"
                ),
                params![
                    id.get(),
                    new.name.as_str(),
                    new.name.folded(),
                    new.description.as_str(),
                    new.price.cents(),
                ],
                product_from_row,
            )
            .optional()
        })
        .await
    }

    /// Changes the fields present in `patch`, in one atomic statement (no
    /// read-modify-write race); `None` when no product has this id.
    pub async fn patch_product(
        &self,
        id: ProductId,
        patch: ProductPatch,
    ) -> Result<Option<Product>, StorageError> {
        self.run(move |conn| {
            conn.query_row(
                &format!(
                    "UPDATE products
                     SET name        = COALESCE(?2, name),
                         name_folded = COALESCE(?3, name_folded),
                         description = COALESCE(?4, description),
                         price_cents = COALESCE(?5, price_cents)
                     WHERE id = ?1
                     RETURNING {PRODUCT_COLUMNS}"
                ),
                params![
                    id.get(),
                    patch.name.as_ref().map(ProductName::as_str),
                    patch.name.as_ref().map(ProductName::folded),
                    patch.description.as_ref().map(Description::as_str),
                    patch.price.map(Price::cents),
                ],
                product_from_row,
            )
            .optional()
        })
        .await
    }

    /// `false` when no product had this id.
    pub async fn delete_product(&self, id: ProductId) -> Result<bool, StorageError> {
        self.run(move |conn| {
            let deleted = conn.execute("DELETE FROM products WHERE id = ?1", [id.get()])?;
            Ok(deleted > 0)
        })
        .await
    }

    /// One page of the products matching the query, oldest first, and the
    /// number matching in all. Both come from one read transaction, so the
    /// total always agrees with the items.
    pub async fn list_products(&self, query: ListQuery) -> Result<Listing, StorageError> {
        self.run(move |conn| {
            let pattern = query.name.as_ref().map(like_pattern);
            let tx = conn.transaction()?;
            let total = tx.query_row(
                &format!("SELECT COUNT(*) FROM products WHERE {NAME_MATCHES}"),
                [&pattern],
                |row| row.get::<_, i64>(0),
            )?;
            let items = tx
                .prepare(&format!(
                    "SELECT {PRODUCT_COLUMNS} FROM products WHERE {NAME_MATCHES}
                     ORDER BY id LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![
                        pattern,
                        sql_integer(query.per_page.get()),
                        sql_integer(query.offset()),
                    ],
                    product_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            tx.commit()?;
            Ok(Listing { items, total })
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

/// SQLite integers are `i64`; a larger count or offset is past the end anyway.
fn sql_integer(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// `LIKE` pattern matching names that contain the filter term literally:
/// `%` and `_` are wildcards in `LIKE`, so they (and `\`, the escape
/// character named by the `ESCAPE` clause) are escaped.
fn like_pattern(filter: &NameFilter) -> String {
    let term = filter.folded();
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Rows are parsed back into domain types, so a row that breaks a rule
/// (say, edited by hand) surfaces as an error instead of bad output.
fn product_from_row(row: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: ProductId::from(row.get::<_, i64>("id")?),
        name: row.get("name")?,
        description: row.get("description")?,
        price: row.get("price_cents")?,
    })
}

impl FromSql for ProductName {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::parse(value.as_str()?).map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}

impl FromSql for Description {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::parse(value.as_str()?).map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}

impl FromSql for Price {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let cents = value.as_i64()?;
        Self::from_cents(cents).ok_or(FromSqlError::OutOfRange(cents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(term: &str) -> String {
        let filter = NameFilter::parse(Some(term)).unwrap().unwrap();
        like_pattern(&filter)
    }

    #[test]
    fn wildcards_and_the_escape_character_are_escaped() {
        assert_eq!(pattern("lamp"), "%lamp%");
        assert_eq!(pattern("50%"), r"%50\%%");
        assert_eq!(pattern("a_b"), r"%a\_b%");
        assert_eq!(pattern(r"c:\dir"), r"%c:\\dir%");
    }

    #[test]
    fn quotes_and_sql_need_no_escaping_as_they_are_bound() {
        assert_eq!(pattern("' OR 1=1 --"), "%' or 1=1 --%");
    }
}
