// Reads a JSON request body into a plain object, for the routes that take
// one. Failures are answered by `errors.ts` like any other:
// - a body not declared as JSON (`Content-Type: text/plain`, or none): 415;
// - over 1 MiB: 413;
// - not valid JSON (or empty): 400;
// - valid JSON but not an object (`[1]`, `"ann"`): 422.
// Messages never quote the body: it may hold a password.

import express, { type RequestHandler } from 'express';

import { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

const requireJsonContentType: RequestHandler = (req, _res, next) => {
  const mediaType = (req.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(
      'unsupported_media_type',
      'request body must be JSON, sent with `Content-Type: application/json`',
    );
  }
  next();
};

// Read as text and parsed below, rather than with `express.json()`, so that
// an empty body is malformed JSON too and no parser message quotes the body.
const readText = express.text({ type: () => true, limit: MAX_BODY_BYTES });

const parseObject: RequestHandler = (req, _res, next) => {
  let value: unknown;
  try {
    value = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    throw new ApiError('malformed_json', 'request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError('body_not_an_object', 'request body must be a JSON object');
  }
  req.body = value;
  next();
};

/** Put before a handler: it then finds a JSON object in `req.body`. */
export const jsonBody: RequestHandler[] = [requireJsonContentType, readText, parseObject];
