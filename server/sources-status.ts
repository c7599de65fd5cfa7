// Load status of every practice's files and the reject reasons: what `caliper status` prints (GET
// /api/sources sends them per practice from the per-load marts: server/routes/sources.ts).
import type { Database } from './db/database.ts';

export async function sourcesStatus(db: Database) {
  const [files, rejects] = await Promise.all([db.queryFile('marts/source_status'), db.queryFile('marts/reject_reasons')]);
  return { files, rejects };
}
