// `GET /products?name=&page=&per_page=`: which slice of which products.

import { InvalidInput } from './validation';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** Everything `GET /products` can be asked, parsed. */
export interface ListQuery {
  /** Keeps the names containing this term, ignoring case; plain text, no wildcards. */
  name?: string;
  /** 1-based. */
  page: number;
  perPage: number;
}

/** Reads Express's `req.query` (strings, or arrays of them when repeated). */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const name = single(query, 'name');
  return {
    // An empty term filters nothing.
    name: name === undefined || name === '' ? undefined : name,
    page: wholeNumber(query, 'page', 1),
    perPage: wholeNumber(query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
}

/** Rows to skip before the page; an absurd page is simply past the end. */
export function offsetOf(query: ListQuery): number {
  return Math.min((query.page - 1) * query.perPage, Number.MAX_SAFE_INTEGER);
}

function single(query: Record<string, unknown>, parameter: string): string | undefined {
  const value = query[parameter];
  if (value === undefined || typeof value === 'string') return value;
  throw new InvalidInput(parameter, `${parameter} must be given once`, 'query');
}

function wholeNumber(
  query: Record<string, unknown>,
  parameter: string,
  fallback: number,
  max?: number,
): number {
  const raw = single(query, parameter);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  // Past 2^53 a number is no longer exact: no page is that far anyway.
  const limit = max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(raw) || value < 1 || value > limit) {
    const range = max === undefined ? 'from 1' : `from 1 to ${max}`;
    throw new InvalidInput(
      parameter,
      `${parameter} must be a whole number ${range}, got \`${raw}\``,
      'query',
    );
  }
  return value;
}
