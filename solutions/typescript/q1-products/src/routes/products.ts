// `/products` and `/products/:id`: create, read, update, delete and list.
//
// Handlers only translate between HTTP and the storage: the rules live in
// `domain/`, the queries in `storage.ts`, the error answers in `errors.ts`.
// Bodies are parsed before the id is looked up: a bad body is 400/415/422
// whatever the id, a valid body on an unknown id is 404.

import type { Request, Response } from 'express';

import { parseListQuery } from '../domain/list-query';
import {
  type Product,
  type ProductId,
  parseNewProduct,
  parseProductId,
  parseProductPatch,
} from '../domain/product';
import { productNotFound } from '../errors';
import type { Storage } from '../storage';

type ItemRequest = Request<{ id: string }>;

/** Body of `GET /products`. */
export interface ProductList {
  items: Product[];
  page: number;
  per_page: number;
  total: number;
}

/** The handlers, bound to the storage they use. */
export function productHandlers(storage: Storage) {
  return {
    /** `POST /products`: 201 with the stored product and its `Location`. */
    create(req: Request, res: Response<Product>): void {
      const product = storage.insertProduct(parseNewProduct(req.body));
      res.status(201).location(`/products/${product.id}`).json(product);
    },

    /** `GET /products/:id`: 200 with the product. */
    get(req: ItemRequest, res: Response<Product>): void {
      res.json(found(storage.getProduct(idOf(req)), req));
    },

    /** `PUT /products/:id`: full replacement, same rules as create. */
    replace(req: ItemRequest, res: Response<Product>): void {
      const fields = parseNewProduct(req.body);
      res.json(found(storage.replaceProduct(idOf(req), fields), req));
    },

    /** `PATCH /products/:id`: only the fields sent change. */
    patch(req: ItemRequest, res: Response<Product>): void {
      const patch = parseProductPatch(req.body);
      res.json(found(storage.patchProduct(idOf(req), patch), req));
    },

    /** `DELETE /products/:id`: 204 with no body. */
    remove(req: ItemRequest, res: Response): void {
      if (!storage.deleteProduct(idOf(req))) throw productNotFound(req.params.id);
      res.status(204).end();
    },

    /** `GET /products?name=&page=&per_page=`: a page, oldest first. */
    list(req: Request, res: Response<ProductList>): void {
      const query = parseListQuery(req.query);
      const { items, total } = storage.listProducts(query);
      res.json({ items, page: query.page, per_page: query.perPage, total });
    },
  };
}

/** The id in the path; one that cannot be an id names no product: 404. */
function idOf(req: ItemRequest): ProductId {
  const id = parseProductId(req.params.id);
  if (id === undefined) throw productNotFound(req.params.id);
  return id;
}

function found(product: Product | undefined, req: ItemRequest): Product {
  if (product === undefined) throw productNotFound(req.params.id);
  return product;
}
