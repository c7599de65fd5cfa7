// caliper status: every practice's files with read/loaded/rejected counts and the top reject reasons.
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { sourcesStatus } from '../sources-status.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('Usage: caliper status [--db FILE] [--json]');
    return 0;
  }
  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  try {
    const { files, rejects } = await sourcesStatus(db);
    if (values.json) {
      console.log(JSON.stringify({ files, rejects }, null, 2));
      return 0;
    }
    if (files.length === 0) {
      console.log('No practices loaded yet. Load extracts with: caliper ingest <folder>');
      return 0;
    }
    console.table(
      files.map((f) => ({
        practice: f.practice_id,
        ehr: f.ehr,
        file: f.path ? String(f.path).split('/').slice(-2).join('/') : '(none)',
        content: f.content,
        read: f.rows_read,
        loaded: f.rows_loaded,
        rejected: f.rows_rejected,
        status: f.status,
      })),
    );
    if (rejects.length > 0) {
      console.log('Rejected rows by reason:');
      console.table(rejects);
    }
    return 0;
  } finally {
    db.close();
  }
}
