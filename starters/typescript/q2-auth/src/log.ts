// Logging: one line per event on stderr.

import type { RequestHandler } from 'express';

function write(level: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
}

export const log = {
  info: (message: string) => write('INFO ', message),
  warn: (message: string) => write('WARN ', message),
  error: (message: string) => write('ERROR', message),
};

/** `POST /auth/login?x=1 200 231ms`, once the response is sent. */
// TODO(q2): nothing the service prints may contain a password or a token
// (advanced). This line prints the URL with its query string, and a reset
// link carries its token there.
export const accessLog: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  const { method, originalUrl } = req;
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    log.info(`${method} ${originalUrl} ${res.statusCode} ${ms.toFixed(0)}ms`);
  });
  next();
};
