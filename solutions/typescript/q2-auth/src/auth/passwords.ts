// Password hashing with bcrypt, on libuv's thread pool.
//
// `bcrypt.hash` and `bcrypt.compare` (the async API) run in native worker
// threads: a hash at cost 12 takes a few hundred milliseconds of CPU, and
// doing it on the event loop (`hashSync`) would stall every other request,
// `/health` included.

import { randomBytes } from 'node:crypto';

import bcrypt from 'bcrypt';

import { MAX_BYTES, type Password } from '../domain/password';

/** 2^12 rounds: slow for an attacker with a stolen table, fine for one login. */
export const BCRYPT_COST = 12;

export class PasswordHasher {
  private constructor(
    private readonly cost: number,
    /** Verified against when no account has the email, to take the same time. */
    private readonly dummyHash: string,
  ) {}

  static async create(cost = BCRYPT_COST): Promise<PasswordHasher> {
    const dummyHash = await bcrypt.hash(randomBytes(16).toString('hex'), cost);
    return new PasswordHasher(cost, dummyHash);
  }

  /** A salted hash, `$2b$12$...`: the salt is generated and kept inside. */
  hash(password: Password): Promise<string> {
    return bcrypt.hash(password.reveal(), this.cost);
  }

  /**
   * Does `candidate` match `hash`? Without a hash (unknown email) it checks
   * against a dummy one anyway, so both answers take the same time. A
   * candidate bcrypt would truncate (over 72 bytes, or with a NUL) matches
   * no stored password, since those were refused at registration.
   */
  async verify(candidate: string, hash: string | undefined): Promise<boolean> {
    const storable = Buffer.byteLength(candidate, 'utf8') <= MAX_BYTES && !candidate.includes('\0');
    const matches = await bcrypt.compare(storable ? candidate : '', hash ?? this.dummyHash);
    return matches && storable && hash !== undefined;
  }
}
