// SQLite storage for products: the schema and every query the service runs.
//
// better-sqlite3 is synchronous on purpose: a query on a local file takes
// microseconds, and one connection used by one thread serialises every
// write, so concurrent requests never see "database is locked".

import Database from 'better-sqlite3';

import type { NewProduct, Product, ProductId } from './domain/product';

/**
 * Created on start when missing. `AUTOINCREMENT` guarantees that the id of
 * a deleted product is never handed out again.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS products (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price       REAL    NOT NULL
  )
`;

const PRODUCT_COLUMNS = 'id, name, description, price';

export class Storage {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (or creates) the database file and makes sure the schema exists. */
  static open(path: string): Storage {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new Storage(db);
  }

  insertProduct(product: NewProduct): Product {
    return this.db
      .prepare(
        `INSERT INTO products (name, description, price) VALUES (?, ?, ?)
         RETURNING ${PRODUCT_COLUMNS}`,
      )
      .get(product.name, product.description, product.price) as Product;
  }

  /** `undefined` when no product has this id. */
  getProduct(id: ProductId): Product | undefined {
    return this.db
      .prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`)
      .get(id) as Product | undefined;
  }

  /** Every product, oldest first. */
  // TODO(q1): the list endpoint needs a page of products instead (SQL
  // `LIMIT ? OFFSET ?`, still `ORDER BY id`), a count of the same filtered
  // set for `total`, and (bonus) a case-insensitive name filter matched
  // literally: with `LIKE`, escape `%`, `_` and the escape character in the
  // term and add an `ESCAPE` clause. Always bind values (`?`), never build
  // SQL from user input.
  listProducts(): Product[] {
    return this.db
      .prepare(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY id`)
      .all() as Product[];
  }

  // TODO(q1): update (full replacement) and delete, each telling the caller
  // whether the id existed so the route can answer 404. A single
  // `UPDATE ... WHERE id = ?` / `DELETE ... WHERE id = ?` is atomic; a
  // statement's `.run()` returns `changes`, the number of rows changed.

  close(): void {
    this.db.close();
  }
}
