// Whole seconds since the Unix epoch: what JWTs and the database use.

export function nowSecs(): number {
  return Math.floor(Date.now() / 1000);
}
