// A product, its id, and the parsing of request bodies into product values.
//
// Bodies are parsed field by field at the edge of the service (the routes):
// a wrong type is a 422 naming the field like any other rule, and the
// storage only ever sees values that follow the contract.

import { InvalidInput, characterCount, jsonType } from './validation';

/** Identifies a product; assigned by the database, never reused. */
export type ProductId = number;

/**
 * Reads an id from a URL segment. `undefined` when it is not a whole number
 * we could have assigned: such an id names no product, so callers answer 404.
 */
export function parseProductId(raw: string): ProductId | undefined {
  const id = Number(raw);
  return /^[1-9]\d*$/.test(raw) && Number.isSafeInteger(id) ? id : undefined;
}

/** What a client chooses about a product. */
export interface ProductFields {
  name: string;
  description: string;
  price: number;
}

/** A stored product, exactly as the API returns it. */
export interface Product extends ProductFields {
  id: ProductId;
}

/** A partial update: only the fields present change. */
export type ProductPatch = Partial<ProductFields>;

export const NAME_MAX_CHARS = 100;
export const DESCRIPTION_MAX_CHARS = 1000;
export const PRICE_MAX = 1_000_000;

/**
 * Body of `POST /products` and `PUT /products/:id`. Unknown fields, `id`
 * included, are ignored; `description` may be omitted (not `null`).
 */
export function parseNewProduct(body: unknown): ProductFields {
  const fields = jsonObject(body);
  return {
    name: parseName(fields.name),
    description: fields.description === undefined ? '' : parseDescription(fields.description),
    price: parsePrice(fields.price),
  };
}

/** Body of `PATCH /products/:id`: each field sent follows its create rule. */
export function parseProductPatch(body: unknown): ProductPatch {
  const fields = jsonObject(body);
  const patch: ProductPatch = {};
  if (fields.name !== undefined) patch.name = parseName(fields.name);
  if (fields.description !== undefined) patch.description = parseDescription(fields.description);
  if (fields.price !== undefined) patch.price = parsePrice(fields.price);
  return patch;
}

function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInput('body', `the body must be a JSON object, got ${jsonType(body)}`);
  }
  return body as Record<string, unknown>;
}

/** Required; stored trimmed, 1 to 100 characters. */
export function parseName(value: unknown): string {
  if (value === undefined) throw new InvalidInput('name', 'name is required');
  if (value === null) throw new InvalidInput('name', 'name must not be null');
  if (typeof value !== 'string') {
    throw new InvalidInput('name', `name must be a string, got ${jsonType(value)}`);
  }
  const name = value.trim();
  if (name === '') throw new InvalidInput('name', 'name must not be blank');
  const length = characterCount(name);
  if (length > NAME_MAX_CHARS) {
    throw new InvalidInput('name', `name must be at most ${NAME_MAX_CHARS} characters, got ${length}`);
  }
  return name;
}

/** At most 1000 characters, kept as sent. */
export function parseDescription(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidInput('description', `description must be a string, got ${jsonType(value)}`);
  }
  const length = characterCount(value);
  if (length > DESCRIPTION_MAX_CHARS) {
    throw new InvalidInput(
      'description',
      `description must be at most ${DESCRIPTION_MAX_CHARS} characters, got ${length}`,
    );
  }
  return value;
}

/**
 * Required; 0 to 1000000 with at most 2 decimals. A number with 2 decimals
 * survives the round trip through whole cents unchanged; one with more does
 * not (19.999 * 100 rounds to 2000, and 20 is not 19.999).
 */
export function parsePrice(value: unknown): number {
  if (value === undefined) throw new InvalidInput('price', 'price is required');
  if (value === null) throw new InvalidInput('price', 'price must not be null');
  if (typeof value !== 'number') {
    throw new InvalidInput('price', `price must be a number, got ${jsonType(value)}`);
  }
  // Not finite: JSON.parse turns 1e400 into Infinity.
  if (!Number.isFinite(value) || value < 0 || value > PRICE_MAX) {
    throw new InvalidInput('price', `price must be from 0 to ${PRICE_MAX}, got ${value}`);
  }
  if (Math.round(value * 100) / 100 !== value) {
    throw new InvalidInput('price', `price must have at most 2 decimal places, got ${value}`);
  }
  return value;
}
