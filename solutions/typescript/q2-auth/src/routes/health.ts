// `GET /health`: answers 200 as soon as the server accepts requests.

import type { RequestHandler } from 'express';

export const health: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};
