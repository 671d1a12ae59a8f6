// The error every parser in `domain/` throws when a request value breaks a
// rule of the contract. errors.ts decides its HTTP status.

/** Where the value came from: a body field or a query-string parameter. */
export type InputSource = 'body' | 'query';

/** A request value breaks a rule; the message names the value. */
export class InvalidInput extends Error {
  constructor(
    /** The body field or query parameter at fault, e.g. `price`. */
    readonly field: string,
    message: string,
    readonly source: InputSource = 'body',
  ) {
    super(message);
  }
}

/** The JSON type of a value, for messages ("got a string"). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** Length in Unicode characters (code points), not UTF-16 units. */
export const characterCount = (text: string): number => [...text].length;
