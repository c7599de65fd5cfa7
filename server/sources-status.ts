// Load status of every practice's files and the reject reasons: what `caliper status` prints and
// GET /api/sources returns; the API adds each practice's data completeness and linking statistics.
import type { Database } from './db/database.ts';
import { ensureSourceQuality } from './marts/source-quality.ts';

export async function sourcesStatus(db: Database) {
  const [files, rejects] = await Promise.all([db.queryFile('marts/source_status'), db.queryFile('marts/reject_reasons')]);
  return { files, rejects };
}

/** Per practice: completeness indicators and linking, as built after the latest load (server/marts/source-quality.ts). */
export async function sourcesQuality(db: Database) {
  await ensureSourceQuality(db);
  const [completeness, linking] = await Promise.all([db.queryFile('marts/dashboard/source_completeness'), db.queryFile('marts/dashboard/source_linking')]);
  return { completeness, linking };
}
