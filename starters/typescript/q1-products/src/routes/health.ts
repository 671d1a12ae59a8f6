// `GET /health`: answers 200 as soon as the server accepts requests.

import type { Request, Response } from 'express';

export function healthCheck(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}
