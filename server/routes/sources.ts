// Data-source status: per practice, the files loaded, their counts and reject reasons.
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { sourcesStatus } from '../sources-status.ts';

export function sourcesRouter(db: Database): Router {
  const router = Router();
  router.get('/sources', async (_req, res) => {
    res.json(await sourcesStatus(db));
  });
  return router;
}
