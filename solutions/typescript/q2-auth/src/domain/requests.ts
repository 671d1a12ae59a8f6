// Request bodies, read field by field from a JSON object into domain
// types. A missing field or a wrong type is a 422 naming the field, like
// any other rule ("email must be a string, got a number"); messages never
// quote the value, which may be a password.

import { type Email, canonicalEmail, parseEmail } from './email';
import { FieldError } from './fieldError';
import { Password } from './password';

/** A request body as `jsonBody` hands it over: any JSON object. */
export type JsonObject = Record<string, unknown>;

/** `POST /auth/register` */
export interface Registration {
  email: Email;
  password: Password;
}

export function parseRegistration(body: JsonObject): Registration {
  return {
    email: parseEmail(requiredString(body, 'email')),
    password: Password.parse(requiredString(body, 'password')),
  };
}

/**
 * `POST /auth/login`. Only the types are checked: a password that breaks a
 * rule is simply a wrong one, and an email that is not an address belongs
 * to no account.
 */
export interface LoginAttempt {
  email: string;
  password: string;
}

export function parseLogin(body: JsonObject): LoginAttempt {
  return {
    email: canonicalEmail(requiredString(body, 'email')),
    password: requiredString(body, 'password'),
  };
}

/** `POST /auth/password-reset` */
export function parseResetRequest(body: JsonObject): { email: Email } {
  return { email: parseEmail(requiredString(body, 'email')) };
}

/** `POST /auth/password-reset/confirm` */
export interface ResetConfirmation {
  token: string;
  newPassword: Password;
}

export function parseResetConfirmation(body: JsonObject): ResetConfirmation {
  return {
    token: requiredString(body, 'token'),
    newPassword: Password.parse(requiredString(body, 'new_password'), 'new_password'),
  };
}

function requiredString(body: JsonObject, field: string): string {
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
