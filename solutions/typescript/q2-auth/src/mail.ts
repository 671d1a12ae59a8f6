// Outgoing email, delivered to a folder: each message is one `.eml` file
// (RFC 5322 text) in `MAIL_OUTBOX_DIR`, ready for a mail relay, a test or a
// person to pick up.
//
// Each file is written under a temporary dot-name, then renamed to its
// final name: a rename within a folder is atomic, so a reader sees a whole
// message or none, never half of one.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `.invalid` is reserved (RFC 2606): nobody can reply to this address. */
const FROM = 'Q2 Auth <no-reply@q2-auth.invalid>';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Plain text, UTF-8. */
  body: string;
}

export class Outbox {
  private constructor(private readonly dir: string) {}

  /** Creates the folder (and its parents) when missing. */
  static async open(dir: string): Promise<Outbox> {
    await mkdir(dir, { recursive: true });
    return new Outbox(dir);
  }

  /** Writes `email` as a new file; returns its path. */
  async send(email: OutgoingEmail): Promise<string> {
    const name = `${Date.now()}-${randomBytes(8).toString('hex')}.eml`;
    const message = [
      `From: ${FROM}`,
      `To: ${email.to}`,
      `Subject: ${email.subject}`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      email.body,
    ].join('\r\n');
    const temporary = join(this.dir, `.${name}.tmp`);
    const path = join(this.dir, name);
    await writeFile(temporary, message, { flag: 'wx' });
    await rename(temporary, path);
    return path;
  }
}
