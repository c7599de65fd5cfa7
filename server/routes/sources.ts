// Data-source status: per practice, the files loaded, their counts and reject reasons.
import { Router } from 'express';
import type { Database } from '../db/database.ts';

export function sourcesRouter(db: Database): Router {
  const router = Router();
  router.get('/sources', async (_req, res) => {
    const [files, rejects] = await Promise.all([db.queryFile('marts/source_status'), db.queryFile('marts/reject_reasons')]);
    res.json({ files, rejects });
  });
  return router;
}
