'use strict';
// Products API (exercise Q1) on Express 5 and better-sqlite3.
//
// Part of the grader's fairness corpus: written the way an Express developer
// would, on the framework's defaults (express.json(), route chains, an error
// middleware that turns `err.status` into the answer), changed only where the
// contract asks for something else (JSON errors everywhere, 405 with Allow,
// 415, a 1 MiB body limit, lengths in characters).
//
// Run: HOST, PORT and DATABASE_PATH as in the contract; `node server.js`.

const express = require('express');
const Database = require('better-sqlite3');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 8080);
const DATABASE_PATH = process.env.DATABASE_PATH || './data.db';

// --- Storage -------------------------------------------------------------------

const db = new Database(DATABASE_PATH);
db.pragma('journal_mode = WAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS products (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       REAL NOT NULL
  )
`);

const sql = {
  insert: db.prepare('INSERT INTO products (name, description, price) VALUES (@name, @description, @price)'),
  get: db.prepare('SELECT * FROM products WHERE id = ?'),
  update: db.prepare('UPDATE products SET name = @name, description = @description, price = @price WHERE id = @id'),
  remove: db.prepare('DELETE FROM products WHERE id = ?'),
};

// --- Validation ------------------------------------------------------------------

class HttpError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

const invalid = (field, message) => new HttpError(422, message, field);

// The contract counts characters (code points), not UTF-16 units as .length does.
const characters = (text) => [...text].length;

function validName(value) {
  if (value === undefined || value === null) throw invalid('name', 'name is required');
  if (typeof value !== 'string') throw invalid('name', 'name must be a string');
  const name = value.trim();
  if (name.length === 0) throw invalid('name', 'name must not be blank');
  if (characters(name) > 100) throw invalid('name', 'name must be at most 100 characters');
  return name;
}

function validDescription(value) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid('description', 'description must be a string');
  if (characters(value) > 1000) throw invalid('description', 'description must be at most 1000 characters');
  return value;
}

function validPrice(value) {
  if (value === undefined || value === null) throw invalid('price', 'price is required');
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('price', 'price must be a number');
  if (value < 0 || value > 1000000) throw invalid('price', 'price must be between 0 and 1000000');
  if (Math.round(value * 100) / 100 !== value) throw invalid('price', 'price must have at most 2 decimal places');
  return value;
}

function validProduct(body, { partial = false } = {}) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(422, 'the body must be a JSON object');
  }
  const product = {};
  if (!partial || 'name' in body) product.name = validName(body.name);
  if (!partial || 'description' in body) product.description = validDescription(body.description);
  if (!partial || 'price' in body) product.price = validPrice(body.price);
  return product;
}

function productId(req) {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) throw notFound(req);
  return id;
}

const notFound = (req) => new HttpError(404, `no product with id ${req.params.id}`);

function found(product, req) {
  if (!product) throw notFound(req);
  return product;
}

function positiveInteger(query, name, fallback, max) {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1) || (max !== undefined && value > max)) {
    const bounds = max === undefined ? 'at least 1' : `between 1 and ${max}`;
    throw new HttpError(400, `${name} must be an integer ${bounds}`);
  }
  return value;
}

// --- Routes ------------------------------------------------------------------------

const app = express();
app.use(express.json({ limit: '1mb' }));

// express.json() skips bodies of other types, which would reach the routes
// as an empty request: the contract wants 415.
app.use((req, res, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
    throw new HttpError(415, 'send JSON with Content-Type: application/json');
  }
  next();
});

const methodNotAllowed = (allow) => (req, res) => {
  res.set('Allow', allow).status(405).json({ error: `${req.method} is not allowed here; use ${allow}` });
};

app.get('/health', (req, res) => res.json({ status: 'ok' }));

app
  .route('/products')
  .get((req, res) => {
    const page = positiveInteger(req.query, 'page', 1);
    const perPage = positiveInteger(req.query, 'per_page', 20, 100);
    let where = '';
    const params = [];
    if (typeof req.query.name === 'string') {
      where = "WHERE name LIKE ? ESCAPE '\\'";
      params.push(`%${req.query.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM products ${where}`).get(...params);
    const items = db
      .prepare(`SELECT * FROM products ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...params, perPage, (page - 1) * perPage);
    res.json({ items, page, per_page: perPage, total });
  })
  .post((req, res) => {
    const { lastInsertRowid } = sql.insert.run(validProduct(req.body));
    res.status(201).location(`/products/${lastInsertRowid}`).json(sql.get.get(lastInsertRowid));
  })
  .all(methodNotAllowed('GET, POST'));

app
  .route('/products/:id')
  .get((req, res) => {
    res.json(found(sql.get.get(productId(req)), req));
  })
  .put((req, res) => {
    const id = productId(req);
    const product = validProduct(req.body);
    const { changes } = sql.update.run({ ...product, id });
    if (changes === 0) throw notFound(req);
    res.json(sql.get.get(id));
  })
  .patch((req, res) => {
    const id = productId(req);
    const changes = validProduct(req.body, { partial: true });
    const current = found(sql.get.get(id), req);
    sql.update.run({ ...current, ...changes, id });
    res.json(sql.get.get(id));
  })
  .delete((req, res) => {
    const { changes } = sql.remove.run(productId(req));
    if (changes === 0) throw notFound(req);
    res.status(204).end();
  })
  .all(methodNotAllowed('GET, PUT, PATCH, DELETE'));

app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
});

// Errors thrown by the routes and by express.json() (which sets `status`:
// 400 for malformed JSON, 413 for a body over the limit).
app.use((err, req, res, next) => {
  const status = err.status || err.statusCode || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: status >= 500 ? 'internal server error' : err.message, field: err.field });
});

app.listen(PORT, HOST, () => console.log(`listening on http://${HOST}:${PORT}`));
