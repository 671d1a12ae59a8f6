// Logging: one line per event on stderr.
//
// Nothing logged may contain a password, an access token or a reset token.
// So the access log prints the path without its query string (a reset link
// carries its token there), and never a header or a body.

import type { RequestHandler } from 'express';

function write(level: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
}

export const log = {
  info: (message: string) => write('INFO ', message),
  warn: (message: string) => write('WARN ', message),
  error: (message: string) => write('ERROR', message),
};

/** `POST /auth/login 200 231ms`, once the response is sent. */
export const accessLog: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  const { method, path } = req;
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    log.info(`${method} ${path} ${res.statusCode} ${ms.toFixed(0)}ms`);
  });
  next();
};
