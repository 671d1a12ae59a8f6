// SQLite storage for products: the schema and every query the service runs.
//
// better-sqlite3 is synchronous on purpose: a query on a local file takes
// microseconds, and one connection used by one thread serialises every
// write, so concurrent requests never see "database is locked".

import Database from 'better-sqlite3';

import type { ListQuery } from './domain/list-query';
import { offsetOf } from './domain/list-query';
import type { Product, ProductFields, ProductId, ProductPatch } from './domain/product';

/**
 * Created on start when missing. `AUTOINCREMENT` guarantees that the id of a
 * deleted product is never handed out again. Prices are whole cents, so
 * 19.99 comes back as 19.99 and never as 19.990000000000002.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS products (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price_cents INTEGER NOT NULL
  )
`;

const PRODUCT_COLUMNS = 'id, name, description, price_cents';

/**
 * The name filter: `instr` finds the term as plain text (no wildcards to
 * escape, unlike `LIKE`), in names lowercased by JavaScript because
 * SQLite's own `lower()` folds ASCII letters only.
 */
const NAME_FILTER = 'instr(fold_case(name), ?) > 0';

interface ProductRow {
  id: number;
  name: string;
  description: string;
  price_cents: number;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  description: row.description,
  price: row.price_cents / 100,
});

const toCents = (price: number): number => Math.round(price * 100);

const foldCase = (text: string): string => text.toLowerCase();

/** One page of products and the size of the whole (filtered) set. */
export interface ProductPage {
  items: Product[];
  total: number;
}

export class Storage {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (or creates) the database file and makes sure the schema exists. */
  static open(path: string): Storage {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    db.function('fold_case', { deterministic: true }, (text) => foldCase(String(text)));
    return new Storage(db);
  }

  insertProduct(product: ProductFields): Product {
    const row = this.db
      .prepare(
        `INSERT INTO products (name, description, price_cents) VALUES (?, ?, ?)
         RETURNING ${PRODUCT_COLUMNS}`,
      )
      .get(product.name, product.description, toCents(product.price)) as ProductRow;
    return toProduct(row);
  }

  /** `undefined` when no product has this id. */
  getProduct(id: ProductId): Product | undefined {
    const row = this.db
      .prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`)
      .get(id) as ProductRow | undefined;
    return row && toProduct(row);
  }

  /** Products in creation order, one page of them. */
  listProducts(query: ListQuery): ProductPage {
    const where = query.name === undefined ? '' : `WHERE ${NAME_FILTER}`;
    const filter = query.name === undefined ? [] : [foldCase(query.name)];
    const { total } = this.db
      .prepare(`SELECT count(*) AS total FROM products ${where}`)
      .get(...filter) as { total: number };
    const rows = this.db
      .prepare(`SELECT ${PRODUCT_COLUMNS} FROM products ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...filter, query.perPage, offsetOf(query)) as ProductRow[];
    return { items: rows.map(toProduct), total };
  }

  /** Full replacement; `undefined` when no product has this id. */
  replaceProduct(id: ProductId, product: ProductFields): Product | undefined {
    return this.patchProduct(id, product);
  }

  /** Changes the fields present; `undefined` when no product has this id. */
  patchProduct(id: ProductId, patch: ProductPatch): Product | undefined {
    // One statement: `coalesce` keeps the stored value of a field not sent.
    const row = this.db
      .prepare(
        `UPDATE products
         SET name        = coalesce(?, name),
             description = coalesce(?, description),
             price_cents = coalesce(?, price_cents)
         WHERE id = ?
         RETURNING ${PRODUCT_COLUMNS}`,
      )
      .get(
        patch.name ?? null,
        patch.description ?? null,
        patch.price === undefined ? null : toCents(patch.price),
        id,
      ) as ProductRow | undefined;
    return row && toProduct(row);
  }

  /** `false` when no product had this id. */
  deleteProduct(id: ProductId): boolean {
    return this.db.prepare('DELETE FROM products WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
