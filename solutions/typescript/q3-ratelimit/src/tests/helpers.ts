// `TestApp`: the real service, started as a process on a free port, plus a
// helper per endpoint. Requests can come from any loopback address
// (127.0.0.n): each address is another client for the rate limiter.

import { type ChildProcess, spawn } from 'node:child_process';
import { type IncomingHttpHeaders, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The compiled entry point, `dist/server.js`. */
const SERVER = join(__dirname, '..', 'server.js');

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; `undefined` when empty. */
  body: any;
}

export class TestApp {
  private constructor(
    readonly port: number,
    private readonly process: ChildProcess,
    /** What the service wrote to stderr, shown if it fails to start. */
    private readonly logs: string[],
  ) {}

  /**
   * Starts the service and waits until `/health` answers. `env` adds or
   * overrides variables, e.g. `{ RATE_LIMIT_WINDOW_SECS: '3' }`: keep
   * windows short in tests.
   */
  static async spawn(env: Record<string, string> = {}): Promise<TestApp> {
    const port = await freePort();
    const child = spawn(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const logs: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    const app = new TestApp(port, child, logs);
    await app.waitUntilReady();
    return app;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }

  /** A client connecting from 127.0.0.`n`: another IP address, another client. */
  clientFrom(n: number): Client {
    return new Client(this.port, `127.0.0.${n}`);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    const client = this.clientFrom(1);
    for (;;) {
      if (this.process.exitCode !== null) {
        throw new Error(`the service exited with code ${this.process.exitCode}: ${this.logs.join('')}`);
      }
      try {
        if ((await client.get('/health')).status === 200) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error('the service did not answer /health within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Sends requests from one source address. */
export class Client {
  constructor(
    private readonly port: number,
    private readonly localAddress: string,
  ) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('GET', path, undefined, headers);
  }

  postJson(path: string, body: unknown): Promise<Reply> {
    return this.send('POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
  }

  /** Any request, body sent exactly as given. */
  send(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          localAddress: this.localAddress,
          method,
          path,
          headers,
          // A connection per request: nothing shared between tests.
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text === '' ? undefined : JSON.parse(text),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
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
