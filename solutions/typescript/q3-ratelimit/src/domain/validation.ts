// The error every parser in `domain/` throws when a body field breaks its
// rule. errors.ts decides its HTTP status (422).

/** A body field breaks its rule; the message names the field. */
export class InvalidInput extends Error {
  constructor(
    /** The body field at fault, e.g. `text`; `body` for the body itself. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON type of a value, for messages ("got a number"). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
