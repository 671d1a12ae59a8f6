// A product, its id, and the body that creates one.

/** Identifies a product; assigned by the database, never reused. */
export type ProductId = number;

/**
 * Reads an id from a URL segment. `undefined` when it is not a whole
 * number: such an id names no product, so callers answer 404.
 */
export function parseProductId(raw: string): ProductId | undefined {
  const id = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(id) ? id : undefined;
}

/** A stored product, exactly as the API returns it. */
export interface Product {
  id: ProductId;
  name: string;
  description: string;
  price: number;
}

/** Body of `POST /products`. Unknown fields, `id` included, are ignored. */
export interface NewProduct {
  name: string;
  description: string;
  price: number;
}

/**
 * The body is not a product at all: not an object, or a field of the wrong
 * JSON type. It only carries a status (400), like express.json()'s own
 * errors, so Express's default handler answers it (see errors.ts).
 */
export class InvalidProductBody extends Error {
  readonly status = 400;
}

/**
 * Reads the body of `POST /products`. Today only the JSON types are checked.
 */
// TODO(q1): enforce the field rules, for create and for full update, and
// answer 422 with a message naming the field when one is broken:
// - `name`: required; trimmed length 1..=100 characters (Unicode characters,
//   not UTF-16 units: `[...text].length`, not `text.length`);
// - `description`: optional, default ""; at most 1000 characters;
// - `price`: required number, 0 <= price <= 1000000, at most 2 decimal
//   places, returned exactly as sent (19.99 stays 19.99).
// Parsing into a type only valid values reach means code past this point
// never has to check again.
export function parseNewProduct(body: unknown): NewProduct {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidProductBody('the body must be a JSON object');
  }
  const { name, description = '', price } = body as Record<string, unknown>;
  if (
    typeof name !== 'string' ||
    typeof description !== 'string' ||
    typeof price !== 'number' ||
    !Number.isFinite(price)
  ) {
    throw new InvalidProductBody(
      'a product is {"name": string, "description"?: string, "price": number}',
    );
  }
  return { name, description, price };
}
