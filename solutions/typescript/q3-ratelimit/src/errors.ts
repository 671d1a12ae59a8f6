// Every error the service answers, and the one place each becomes an HTTP
// response: `handleErrors`, the last middleware of the app.
//
// Every error body is a JSON object with a human-readable `error`; a field
// error also names the field:
//
//   {"error": "text must not be empty (after trimming whitespace)", "field": "text"}

import type { ErrorRequestHandler } from 'express';

import { InvalidInput } from './domain/validation';
import type { Policy } from './rate-limit/policy';

/** An error the routes raise with its HTTP status (and headers, if any). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Also used for ids that are not numbers: they name no note either. */
export const noteNotFound = (id: string) => new ApiError(404, `no note with id \`${id}\``);

export const routeNotFound = (method: string, path: string) =>
  new ApiError(404, `no route for ${method} ${path}`);

export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new ApiError(405, `method ${method} is not allowed here; allowed: ${allowed.join(', ')}`, {
    Allow: allowed.join(', '),
  });

export const notJson = () =>
  new ApiError(415, 'request body must be JSON, sent with `Content-Type: application/json`');

/**
 * 429: `Retry-After` is the wait in whole seconds (at least 1),
 * `X-RateLimit-Reset` the same moment in Unix seconds.
 */
export const tooManyRequests = (policy: Policy, retryAfterSecs: number, resetAt: number) =>
  new ApiError(
    429,
    `too many requests: the limit is ${policy.maxRequests} requests per ${policy.windowMs / 1000} s; retry in ${retryAfterSecs} s`,
    { 'Retry-After': String(retryAfterSecs), 'X-RateLimit-Reset': String(resetAt) },
  );

export const emptyBody = () => new ApiError(400, 'request body is empty; send a JSON object');

interface ErrorAnswer {
  status: number;
  body: { error: string; field?: string };
  headers?: Record<string, string>;
}

/** Decides the status and body of any error thrown while answering. */
function toAnswer(err: unknown): ErrorAnswer {
  if (err instanceof ApiError) {
    return { status: err.status, body: { error: err.message }, headers: err.headers };
  }
  if (err instanceof InvalidInput) {
    return { status: 422, body: { error: err.message, field: err.field } };
  }
  // express.json() (body-parser) marks its errors with a `type`.
  switch (bodyParserType(err)) {
    case 'entity.parse.failed':
      return { status: 400, body: { error: `request body is not valid JSON: ${(err as Error).message}` } };
    case 'entity.too.large':
      return { status: 413, body: { error: 'request body is larger than the limit of 1 MiB' } };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, body: { error: (err as Error).message } };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, body: { error: (err as Error).message } };
  }
  // Our fault, not the client's: the details are logged, not sent.
  console.error('request failed:', err);
  return { status: 500, body: { error: 'internal server error' } };
}

function bodyParserType(err: unknown): string | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export const handleErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const { status, body, headers = {} } = toAnswer(err);
  res.status(status).set(headers).json(body);
};
