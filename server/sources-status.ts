// Load status of every practice's files and the reject reasons: what `caliper status` prints and
// GET /api/sources returns.
import type { Database } from './db/database.ts';

export async function sourcesStatus(db: Database) {
  const [files, rejects] = await Promise.all([db.queryFile('marts/source_status'), db.queryFile('marts/reject_reasons')]);
  return { files, rejects };
}
