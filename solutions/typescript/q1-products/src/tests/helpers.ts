// `TestApp`: the real service, started as a process on a free port with a
// throw-away database, plus a helper per endpoint.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The compiled entry point, `dist/server.js`. */
const SERVER = join(__dirname, '..', 'server.js');

export class TestApp {
  private constructor(
    /** e.g. `http://127.0.0.1:41234` */
    readonly address: string,
    private readonly process: ChildProcess,
    private readonly dbDir: string,
    /** What the service wrote to stderr, shown if it fails to start. */
    private readonly logs: string[],
  ) {}

  /** Starts the service and waits until `/health` answers. */
  static async spawn(): Promise<TestApp> {
    const port = await freePort();
    const dbDir = mkdtempSync(join(tmpdir(), 'q1-products-'));
    const child = spawn(process.execPath, [SERVER], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_PATH: join(dbDir, 'products.db'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const logs: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    const app = new TestApp(`http://127.0.0.1:${port}`, child, dbDir, logs);
    await app.waitUntilReady();
    return app;
  }

  /** Stops the service and deletes its database. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dbDir, { recursive: true, force: true });
  }

  getHealth(): Promise<Response> {
    return fetch(this.url('/health'));
  }

  postProduct(body: unknown): Promise<Response> {
    return this.sendJson('POST', '/products', body);
  }

  /** `id` is whatever the service returned (or any string, to probe 404s). */
  getProduct(id: unknown): Promise<Response> {
    return fetch(this.url(`/products/${id}`));
  }

  /** `query` is e.g. `?page=2&per_page=10`. */
  listProducts(query = ''): Promise<Response> {
    return fetch(this.url(`/products${query}`));
  }

  putProduct(id: unknown, body: unknown): Promise<Response> {
    return this.sendJson('PUT', `/products/${id}`, body);
  }

  patchProduct(id: unknown, body: unknown): Promise<Response> {
    return this.sendJson('PATCH', `/products/${id}`, body);
  }

  deleteProduct(id: unknown): Promise<Response> {
    return fetch(this.url(`/products/${id}`), { method: 'DELETE' });
  }

  /** Any request, body sent exactly as given: to probe malformed ones. */
  sendRaw(method: string, path: string, body: string, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
    return fetch(this.url(path), { method, headers, body });
  }

  sendJson(method: string, path: string, body: unknown): Promise<Response> {
    return this.sendRaw(method, path, JSON.stringify(body), 'application/json');
  }

  /**
   * Creates a product for a test that is about something else; returns the
   * product as the service sent it.
   */
  async createProduct(body: unknown): Promise<Record<string, unknown>> {
    const response = await this.postProduct(body);
    if (response.status !== 201) {
      throw new Error(`creating ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as Record<string, unknown>;
  }

  url(path: string): string {
    return `${this.address}${path}`;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.process.exitCode !== null) {
        throw new Error(`the service exited with code ${this.process.exitCode}: ${this.logs.join('')}`);
      }
      try {
        if ((await this.getHealth()).ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error('the service did not answer /health within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A port nothing listens on right now. */
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
