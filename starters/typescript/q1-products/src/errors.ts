// The error type handlers throw, and the one place errors become HTTP
// responses: `handleErrors`, the last middleware of the app.
//
// Every error body we send is JSON: `{"error": "<human-readable message>"}`.

import type { ErrorRequestHandler } from 'express';

/** An error the client can act on: its status and message are sent as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Also used for ids that are not numbers: they name no product either. */
export const productNotFound = (id: string) => new ApiError(404, `no product with id \`${id}\``);

// TODO(q1): error handling. Client errors raised outside `ApiError` still
// get Express's default answer, an HTML page with the status they carry:
// express.json()'s 400 for malformed JSON and 413 over its 100 kB default
// limit, and the 400 of `InvalidProductBody` (domain/product.ts). A body
// that is not declared JSON is skipped by express.json(), so the route sees
// no body at all. The contract asks for a JSON body on every error and:
// - malformed JSON: 400;
// - body not declared JSON (`Content-Type: text/plain`, or none): 415;
// - body over 1 MiB (1_048_576 bytes): 413, and the service keeps running;
// - valid JSON breaking a field rule: 422, the message naming the field.
// express.json()'s errors have a `type`: 'entity.parse.failed' (malformed
// JSON) and 'entity.too.large'; its limit is an option, `{ limit: ... }`.
export const handleErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof ApiError) {
    res.status(err.status).json({ error: err.message });
    return;
  }
  if (isClientError(err)) {
    next(err);
    return;
  }
  // Our fault, not the client's: the details are logged, not sent.
  console.error('request failed:', err);
  res.status(500).json({ error: 'internal server error' });
};

/** Errors from Express and its middleware carry their HTTP status. */
function isClientError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
