// Request bodies, read field by field from a JSON object. A missing field
// or a wrong type is a 422 naming the field, like any other rule ("email
// must be a string, got a number"); messages never quote the value, which
// may be a password.

import { FieldError } from './fieldError';

/** A request body as `jsonBody` hands it over: any JSON object. */
export type JsonObject = Record<string, unknown>;

/** Body of `POST /auth/register`. */
export interface NewUser {
  email: string;
  password: string;
}

/** Only checks that both fields are strings. */
// TODO(q2): validate, and throw `new FieldError('email', ...)` (a 422 naming
// the field) when a rule is broken:
// - `email`: trimmed and lower-cased before it is stored or compared
//   (`Ann@Example.com ` and `ann@example.com` are one account); shaped like
//   `local@domain.tld` (one `@`, non-empty parts, a dot in the domain); at
//   most 254 characters;
// - `password`: at least 8 characters; and bcrypt reads only the first 72
//   bytes (of UTF-8: `Buffer.byteLength`), so a longer password must be
//   refused (or every byte made to count): silent truncation lets anyone in
//   with the first 72 bytes.
// Parsing into types that can only hold valid values (an `Email`, a
// `Password` that prints as `<redacted>`) means code past this point never
// has to check again, or worry about logging one.
export function parseNewUser(body: JsonObject): NewUser {
  return {
    email: requiredString(body, 'email'),
    password: requiredString(body, 'password'),
  };
}

/** The string in `field`; a 422-worthy `FieldError` when it is missing or not a string. */
export function requiredString(body: JsonObject, field: string): string {
  const value = body[field];
  if (value === undefined) throw new FieldError(field, `${field} is required`);
  if (typeof value !== 'string') {
    throw new FieldError(field, `${field} must be a string, got ${jsonType(value)}`);
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'a number';
    default:
      return 'an object';
  }
}
