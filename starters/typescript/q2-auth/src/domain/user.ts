// An account exactly as the API shows it: never its password or hash.

export interface User {
  /** Assigned by the database, never reused. */
  id: number;
  email: string;
}
