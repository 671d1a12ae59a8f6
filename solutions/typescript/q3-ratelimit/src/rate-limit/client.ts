// Who a request comes from, as far as limits go.

import type { Request } from 'express';

/**
 * The TCP peer's IP address. Forwarding headers (`X-Forwarded-For`,
 * `Forwarded`, `X-Real-IP`) are ignored: with no trusted proxy in front,
 * they say whatever the client writes. So is `req.ip`, which reads them
 * once Express's `trust proxy` is set. `::ffff:a.b.c.d` counts as `a.b.c.d`.
 */
export function clientKey(req: Request): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
