// Q2 user authentication on Express: a fairness-corpus server of the Q2 grader.
//
// Written the way a competent Node developer would, on the libraries'
// defaults (Express 5 with express.json(), bcrypt, jsonwebtoken,
// better-sqlite3), changed only where the exercise's contract asks for
// something else; each such change says so in a comment starting with
// "Contract:". Users have UUIDs; mails are JSON files in MAIL_OUTBOX_DIR.
//
// Run: JWT_SECRET=... node server.js (HOST, PORT, DATABASE_PATH, JWT_TTL_SECS,
// MAIL_OUTBOX_DIR, PUBLIC_BASE_URL, RESET_TOKEN_TTL_SECS, LOGIN_MAX_FAILURES,
// LOGIN_LOCKOUT_SECS as in the brief).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const bcrypt = require('bcrypt');
const Database = require('better-sqlite3');
const express = require('express');
const jwt = require('jsonwebtoken');

const config = {
  host: process.env.HOST || '127.0.0.1',
  port: Number(process.env.PORT || 8080),
  databasePath: process.env.DATABASE_PATH || './data.db',
  jwtSecret: process.env.JWT_SECRET,
  jwtTtl: Number(process.env.JWT_TTL_SECS || 3600),
  outbox: process.env.MAIL_OUTBOX_DIR || './outbox',
  publicBaseUrl: (process.env.PUBLIC_BASE_URL || 'http://localhost:8080').replace(/\/+$/, ''),
  resetTtl: Number(process.env.RESET_TOKEN_TTL_SECS || 900),
  maxFailures: Number(process.env.LOGIN_MAX_FAILURES || 5),
  lockoutSecs: Number(process.env.LOGIN_LOCKOUT_SECS || 900),
};

if (!config.jwtSecret) {
  console.error('JWT_SECRET is not set: refusing to start');
  process.exit(1);
}

const BCRYPT_ROUNDS = 10;
// Compared against for unknown emails, so that they take as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync(crypto.randomBytes(16).toString('hex'), BCRYPT_ROUNDS);

const db = new Database(config.databasePath);
db.pragma('journal_mode = WAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    password_changed_at INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
  );
  CREATE TABLE IF NOT EXISTS password_resets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
`);

const queries = {
  userByEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
  userById: db.prepare('SELECT * FROM users WHERE id = ?'),
  insertUser: db.prepare('INSERT INTO users (id, email, password_hash) VALUES (?, ?, ?)'),
  insertReset: db.prepare('INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES (?, ?, ?)'),
  resetByHash: db.prepare(
    'SELECT * FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
  ),
  useReset: db.prepare('UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL'),
  setPassword: db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?'),
};

class HttpError extends Error {
  constructor(status, message, extra = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

const nowSecs = () => Math.floor(Date.now() / 1000);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Contract: emails are trimmed and lower-cased before storing and comparing.
function normaliseEmail(value) {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

function requireString(body, field) {
  const value = body?.[field];
  if (value === undefined || value === null) {
    throw new HttpError(422, `${field} is required`, { field });
  }
  if (typeof value !== 'string') {
    throw new HttpError(422, `${field} must be a string`, { field });
  }
  return value;
}

function validEmail(body) {
  const email = normaliseEmail(requireString(body, 'email'));
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new HttpError(422, 'email must be a valid email address', { field: 'email' });
  }
  return email;
}

function validPassword(body, field) {
  const password = requireString(body, field);
  if (password.length < 8) {
    throw new HttpError(422, `${field} must be at least 8 characters`, { field });
  }
  // Contract: bcrypt ignores everything after 72 bytes.
  if (Buffer.byteLength(password, 'utf8') > 72) {
    throw new HttpError(422, `${field} must be at most 72 bytes`, { field });
  }
  return password;
}

const failures = new Map(); // email -> { count, lockedUntil }

function unauthorized(message) {
  return new HttpError(401, message, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

function authenticate(req, res, next) {
  const [scheme, token] = (req.get('authorization') || '').split(' ');
  if (!scheme || scheme.toLowerCase() !== 'bearer' || !token) {
    throw unauthorized('Missing bearer token');
  }
  let claims;
  try {
    claims = jwt.verify(token, config.jwtSecret, { algorithms: ['HS256'] });
  } catch {
    throw unauthorized('Invalid or expired token');
  }
  // Contract: a token without exp is refused (jsonwebtoken accepts it).
  if (typeof claims.exp !== 'number') {
    throw unauthorized('Invalid or expired token');
  }
  const user = queries.userById.get(claims.sub);
  if (!user) {
    throw unauthorized('Invalid or expired token');
  }
  if (claims.iat < user.password_changed_at) {
    throw unauthorized('Token revoked by a password change');
  }
  req.user = user;
  next();
}

function sendMail(to, subject, text) {
  fs.mkdirSync(config.outbox, { recursive: true });
  const file = path.join(config.outbox, `${Date.now()}-${crypto.randomUUID()}.json`);
  fs.writeFileSync(file, JSON.stringify({ to, subject, text }, null, 2));
}

const sha256 = (value) => crypto.createHash('sha256').update(value).digest('hex');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.post('/auth/register', async (req, res) => {
  const email = validEmail(req.body);
  const password = validPassword(req.body, 'password');
  const hash = await bcrypt.hash(password, BCRYPT_ROUNDS);
  try {
    const id = crypto.randomUUID();
    queries.insertUser.run(id, email, hash);
    res.status(201).json({ id, email });
  } catch (error) {
    if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new HttpError(409, 'Email already registered', { field: 'email' });
    }
    throw error;
  }
});

app.post('/auth/login', async (req, res) => {
  const email = normaliseEmail(requireString(req.body, 'email'));
  const password = requireString(req.body, 'password');
  const entry = failures.get(email);
  if (entry?.lockedUntil > Date.now()) {
    const wait = Math.ceil((entry.lockedUntil - Date.now()) / 1000);
    res.set('Retry-After', String(wait));
    throw new HttpError(429, 'Too many failed logins, try again later');
  }
  const user = queries.userByEmail.get(email);
  const valid = await bcrypt.compare(password, user ? user.password_hash : DUMMY_HASH);
  if (!user || !valid) {
    const count = (entry && !entry.lockedUntil ? entry.count : 0) + 1;
    failures.set(
      email,
      count >= config.maxFailures
        ? { count: 0, lockedUntil: Date.now() + config.lockoutSecs * 1000 }
        : { count, lockedUntil: 0 },
    );
    throw unauthorized('Invalid email or password');
  }
  failures.delete(email);
  const accessToken = jwt.sign({ sub: user.id }, config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: config.jwtTtl,
  });
  res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: config.jwtTtl });
});

app.get('/users/me', authenticate, (req, res) => {
  res.json({ id: req.user.id, email: req.user.email });
});

app.get('/users/:id', authenticate, (req, res) => {
  if (req.params.id !== req.user.id) {
    throw new HttpError(403, 'You can only read your own account');
  }
  res.json({ id: req.user.id, email: req.user.email });
});

app.post('/auth/password-reset', (req, res) => {
  const email = normaliseEmail(requireString(req.body, 'email'));
  const user = queries.userByEmail.get(email);
  if (user) {
    const token = crypto.randomBytes(32).toString('base64url');
    queries.insertReset.run(user.id, sha256(token), nowSecs() + config.resetTtl);
    const link = `${config.publicBaseUrl}/reset-password?token=${token}`;
    sendMail(user.email, 'Reset your password', `To choose a new password, open this link:\n\n${link}\n`);
  }
  res.status(202).json({ message: 'If an account exists for this email, a reset link has been sent.' });
});

app.post('/auth/password-reset/confirm', async (req, res) => {
  const token = requireString(req.body, 'token');
  const password = validPassword(req.body, 'new_password');
  const now = nowSecs();
  const reset = queries.resetByHash.get(sha256(token), now);
  if (!reset) {
    throw new HttpError(400, 'Invalid or expired reset token', { field: 'token' });
  }
  const hash = await bcrypt.hash(password, BCRYPT_ROUNDS);
  const used = db.transaction(() => {
    if (queries.useReset.run(now, reset.id).changes !== 1) return false;
    queries.setPassword.run(hash, now, reset.user_id);
    return true;
  })();
  if (!used) {
    throw new HttpError(400, 'Invalid or expired reset token', { field: 'token' });
  }
  failures.delete(queries.userById.get(reset.user_id).email);
  res.status(204).end();
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'Malformed JSON body' });
  }
  const status = err.status || 500;
  if (status >= 500) console.error(err);
  res.set(err.extra?.headers || {});
  res.status(status).json({
    error: status >= 500 ? 'Internal server error' : err.message,
    ...(err.extra?.field && { field: err.extra.field }),
  });
});

app.listen(config.port, config.host, () => {
  console.log(`listening on http://${config.host}:${config.port}`);
});
