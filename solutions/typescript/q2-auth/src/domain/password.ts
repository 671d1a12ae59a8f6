// A password that may be stored: 8+ characters, at most 72 bytes of UTF-8,
// no NUL. bcrypt reads only the first 72 bytes (and the C library stops at
// a NUL), so a longer password would be silently truncated: anyone with
// the first 72 bytes could log in. Refusing it is the honest answer.
//
// The class hides its value from logs: `String(password)`, `console.log`
// and `JSON.stringify` print `<redacted>`; only `reveal()` gives it out.

import { inspect } from 'node:util';

import { FieldError } from './fieldError';

export const MIN_CHARACTERS = 8;
export const MAX_BYTES = 72;

export class Password {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  static parse(raw: string, field = 'password'): Password {
    if ([...raw].length < MIN_CHARACTERS) {
      throw new FieldError(field, `${field} must be at least ${MIN_CHARACTERS} characters`);
    }
    if (Buffer.byteLength(raw, 'utf8') > MAX_BYTES) {
      throw new FieldError(
        field,
        `${field} must be at most ${MAX_BYTES} bytes of UTF-8 (bcrypt ignores anything longer)`,
      );
    }
    if (raw.includes('\0')) throw new FieldError(field, `${field} must not contain a NUL character`);
    return new Password(raw);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '<redacted>';
  }

  toJSON(): string {
    return '<redacted>';
  }

  [inspect.custom](): string {
    return 'Password(<redacted>)';
  }
}
