// The one error type handlers throw, and how it becomes an HTTP response.
//
// Each kind's status code is decided here, once (`STATUS`). Every error body
// is a JSON object with a human-readable `error`; errors about one body
// field also name it in `field`:
//
//     {"error": "email is required", "field": "email"}
//
// Messages name the rule that was broken; they never echo what the client
// sent, which may be a password or a token.

import type { ErrorRequestHandler } from 'express';

import { FieldError } from './domain/fieldError';
import { log } from './log';

export type ErrorKind =
  | 'malformed_json'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'body_not_an_object'
  | 'invalid_field'
  | 'email_taken'
  | 'invalid_credentials'
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_reset_token'
  | 'too_many_attempts'
  | 'route_not_found'
  | 'method_not_allowed';

const STATUS: Record<ErrorKind, number> = {
  malformed_json: 400,
  bad_request: 400,
  invalid_reset_token: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  route_not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  body_not_an_object: 422,
  invalid_field: 422,
  too_many_attempts: 429,
};

interface Details {
  /** The body field at fault: sent as `field`. */
  field?: string;
  /** `Allow` header of a 405, e.g. `"GET"`. */
  allow?: string;
  /** `Retry-After` header of a 429, in whole seconds. */
  retryAfterSecs?: number;
  /** A 401 for a token that was sent but refused (not a missing one). */
  tokenRefused?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: Details = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.kind];
  }

  static invalidField(field: string, message: string): ApiError {
    return new ApiError('invalid_field', message, { field });
  }

  /** One answer for a wrong password and an unknown email alike. */
  static invalidCredentials(): ApiError {
    return new ApiError('invalid_credentials', 'invalid email or password');
  }

  static unauthenticated(message: string, tokenRefused: boolean): ApiError {
    return new ApiError('unauthenticated', message, { tokenRefused });
  }
}

/** Express error middleware: the only place errors become responses. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const error = toApiError(err);
  if (error === undefined) {
    // Our fault, not the client's: the details are logged, not sent.
    log.error(`${req.method} ${req.path} failed: ${describe(err)}`);
    res.status(500).json({ error: 'internal server error' });
    return;
  }

  const { field, allow, retryAfterSecs, tokenRefused } = error.details;
  if (error.kind === 'unauthenticated' || error.kind === 'invalid_credentials') {
    res.set('WWW-Authenticate', tokenRefused ? 'Bearer error="invalid_token"' : 'Bearer');
  }
  if (allow !== undefined) res.set('Allow', allow);
  if (retryAfterSecs !== undefined) res.set('Retry-After', String(retryAfterSecs));
  res.status(error.status).json(field === undefined ? { error: error.message } : { error: error.message, field });
};

/**
 * A `FieldError` from the domain is a 422 naming its field. Errors raised before a handler runs (body reading, URL decoding) come from
 * Express and its body parser as `http-errors` objects with a `status` and a
 * `type`; they are mapped here too, so no client ever sees Express's HTML.
 */
function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof FieldError) return ApiError.invalidField(err.field, err.message);
  const { status, type } = (err ?? {}) as { status?: unknown; type?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new ApiError('payload_too_large', 'request body is larger than the limit of 1 MiB');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError('unsupported_media_type', 'request body must be UTF-8 JSON, not compressed');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError('bad_request', 'the request could not be read');
  }
  return undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
