// `TestApp`: the real service (`dist/server.js`) started as a child process
// on a free port, with its own temporary database and outbox, plus helpers
// to talk to it the way any client would.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `JWT_SECRET` of every test app, for tests that forge tokens. */
export const SECRET = 'test-secret-that-is-at-least-32-bytes-long';

/** A password that passes every rule of the contract. */
export const PASSWORD = 'correct horse battery';

export interface Reply {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  body: any;
  text: string;
}

export interface RequestOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is, with `contentType` when given. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class TestApp {
  private constructor(
    /** e.g. `http://127.0.0.1:41234` */
    readonly address: string,
    /** Holds the database and the outbox; deleted by `stop()`. */
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  /**
   * Starts the service with a fresh database and outbox. `env` adds or
   * overrides variables (a short token lifetime, a lower failure limit...).
   */
  static async spawn(env: Record<string, string> = {}): Promise<TestApp> {
    const dir = mkdtempSync(join(tmpdir(), 'q2-auth-test-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(__dirname, '..', 'server.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_PATH: join(dir, 'auth.db'),
        JWT_SECRET: SECRET,
        MAIL_OUTBOX_DIR: join(dir, 'outbox'),
        PUBLIC_BASE_URL: 'http://reset.example.test:9999',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const app = new TestApp(`http://127.0.0.1:${port}`, dir, child, output);
    await app.waitUntilReady();
    return app;
  }

  /** Stops the service and deletes its files. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Everything the service printed so far. */
  logs(): string {
    return this.output.join('');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.raw;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['Content-Type'] = 'application/json';
    } else if (options.contentType !== undefined) {
      headers['Content-Type'] = options.contentType;
    }
    const response = await fetch(this.address + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  post(path: string, json: unknown): Promise<Reply> {
    return this.request('POST', path, { json });
  }

  register(email: string, password: string): Promise<Reply> {
    return this.post('/auth/register', { email, password });
  }

  login(email: string, password: string): Promise<Reply> {
    return this.post('/auth/login', { email, password });
  }

  /** Logs in with the right password; returns the access token. */
  async token(email: string, password = PASSWORD): Promise<string> {
    const reply = await this.login(email, password);
    assert.equal(reply.status, 200, `logging in as ${email}: ${reply.text}`);
    return reply.body.access_token;
  }

  /** `GET path` with `Authorization: Bearer <token>`. */
  getWithToken(path: string, token: string, scheme = 'Bearer'): Promise<Reply> {
    return this.request('GET', path, { headers: { Authorization: `${scheme} ${token}` } });
  }

  /** The messages written to the outbox so far, oldest first. */
  outbox(): string[] {
    const dir = join(this.dir, 'outbox');
    return readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => readFileSync(join(dir, name), 'utf8'));
  }

  /** The path of the service's SQLite file, for tests that inspect it. */
  get databasePath(): string {
    return join(this.dir, 'auth.db');
  }

  /** Registers an account for a test that is about something else; returns `{id, email}`. */
  async createUser(email: string): Promise<{ id: number; email: string }> {
    const reply = await this.register(email, PASSWORD);
    assert.equal(reply.status, 201, `registering ${email}: ${reply.text}`);
    return reply.body;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`the service exited with ${this.child.exitCode}:\n${this.logs()}`);
      }
      try {
        if ((await fetch(`${this.address}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the service did not answer /health within 15 s:\n${this.logs()}`);
  }
}

/** Asserts the status and a JSON body with a non-empty `error`; returns the body. */
export function assertError(reply: Reply, status: number): { error: string; field?: string } {
  assert.equal(reply.status, status, reply.text);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(typeof reply.body?.error, 'string', reply.text);
  assert.notEqual(reply.body.error, '');
  return reply.body;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
