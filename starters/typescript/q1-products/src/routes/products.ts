// `/products` and `/products/:id`: create, read and list products.
//
// Handlers only translate between HTTP and the storage: the rules live in
// `domain/`, the queries in `storage.ts`, the error answers in `errors.ts`.

import type { Request, Response } from 'express';

import { parseNewProduct, parseProductId, type Product } from '../domain/product';
import { productNotFound } from '../errors';
import type { Storage } from '../storage';

/** Body of `GET /products`. */
export interface ProductList {
  items: Product[];
  total: number;
}

/** The handlers, bound to the storage they use. */
export function productHandlers(storage: Storage) {
  return {
    /** `POST /products`: 201 with the stored product. */
    create(req: Request, res: Response): void {
      const product = storage.insertProduct(parseNewProduct(req.body));
      res.status(201).json(product);
    },

    /** `GET /products/:id`: 200 with the product, 404 for an unknown id. */
    get(req: Request<{ id: string }>, res: Response): void {
      const rawId = req.params.id;
      const id = parseProductId(rawId);
      const product = id === undefined ? undefined : storage.getProduct(id);
      if (product === undefined) throw productNotFound(rawId);
      res.json(product);
    },

    // TODO(q1): `PUT /products/:id` (200 with the product after a full
    // replacement, same rules as create; 404 for an unknown id) and
    // `DELETE /products/:id` (204 with an empty body; 404 for an unknown or
    // already deleted id). Bonus: `PATCH /products/:id`, where only the
    // fields sent change, each checked with its create rule.

    /** `GET /products`: every product, oldest first. */
    // TODO(q1): paginate with `?page=` (>= 1, default 1) and `?per_page=`
    // (1..=100, default 20); anything else, e.g. 0, -1, 101 or `abc`, is 400
    // naming the parameter. Answer `{"items", "page", "per_page", "total"}`;
    // a page past the end is 200 with no items and the right total. Bonus:
    // `?name=` keeps the products whose name contains the term, ignoring
    // case, and `total` counts that filtered set.
    list(_req: Request, res: Response<ProductList>): void {
      const items = storage.listProducts();
      res.json({ items, total: items.length });
    },
  };
}
