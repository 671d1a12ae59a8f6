// An email address in canonical form: trimmed, lower-cased, and shaped like
// `local@domain.tld`. Only `parseEmail` makes one, so code that holds an
// `Email` never checks again.

import { FieldError } from './fieldError';

export type Email = string & { readonly __brand: 'Email' };

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** `Ann@Example.com ` and `ann@example.com` are the same account. */
export function canonicalEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function parseEmail(raw: string, field = 'email'): Email {
  const email = canonicalEmail(raw);
  const invalid = (why: string) => new FieldError(field, `${field} must be an address like ann@example.com: ${why}`);

  if (email.length > MAX_LENGTH) throw invalid(`at most ${MAX_LENGTH} characters`);
  // No spaces or control characters: the address ends up in an email header.
  if (/[\s\p{Cc}]/u.test(email)) throw invalid('no spaces or control characters');
  const parts = email.split('@');
  if (parts.length !== 2) throw invalid('exactly one @');
  const [local, domain] = parts;
  if (local === '' || local.length > MAX_LOCAL_LENGTH) {
    throw invalid(`1 to ${MAX_LOCAL_LENGTH} characters before the @`);
  }
  if (!/^[^.]+(\.[^.]+)+$/.test(domain)) throw invalid('a domain with a dot, like example.com');
  return email as Email;
}
