//! SQLite storage for products: the schema and every query the service runs.
//!
//! Each call opens its own connection (microseconds for SQLite) and runs on
//! actix's blocking thread pool through `web::block`, so disk I/O never stalls
//! the async workers serving HTTP. WAL mode and a busy timeout let concurrent
//! requests write without "database is locked" errors.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use actix_web::{error::BlockingError, web};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{NewProduct, Product, ProductId};

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Created on start when missing. `AUTOINCREMENT` guarantees that the id of a
/// deleted product is never handed out again.
const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS products (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        description TEXT    NOT NULL,
        price       REAL    NOT NULL
    );
";

const PRODUCT_COLUMNS: &str = "id, name, description, price";

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
                    "INSERT INTO products (name, description, price) VALUES (?1, ?2, ?3)
                     RETURNING {PRODUCT_COLUMNS}"
                ),
                params![new.name, new.description, new.price],
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

    /// Every product, oldest first.
    // TODO(q1): the list endpoint needs a page of products instead (SQL
    // `LIMIT ?/OFFSET ?`, still `ORDER BY id`), a count of the same filtered
    // set for `total`, and (bonus) a case-insensitive name filter matched
    // literally: with `LIKE`, escape `%`, `_` and the escape character in the
    // term and add an `ESCAPE` clause. Always bind values (`?1`), never build
    // SQL from user input.
    pub async fn list_products(&self) -> Result<Vec<Product>, StorageError> {
        self.run(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {PRODUCT_COLUMNS} FROM products ORDER BY id"
            ))?;
            stmt.query_map([], product_from_row)?.collect()
        })
        .await
    }

    // TODO(q1): update (full replacement) and delete, each telling the caller
    // whether the id existed so the route can answer 404. A single
    // `UPDATE ... WHERE id = ?` / `DELETE ... WHERE id = ?` is atomic;
    // `Connection::execute` returns the number of rows changed.

    /// Runs `query` on a fresh connection on the blocking thread pool.
    async fn run<T, F>(&self, query: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let path = Arc::clone(&self.path);
        let result = web::block(move || query(&connect(&path)?)).await?;
        Ok(result?)
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn product_from_row(row: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: ProductId::from(row.get::<_, i64>("id")?),
        name: row.get("name")?,
        description: row.get("description")?,
        price: row.get("price")?,
    })
}
