// A run's worklist text pool (worklist_text: every distinct text of its worklist, coded in text order) held in
// memory once per built run, so a worklist request turns codes into text without a query per request. The pool
// is part of the run's precomputed marts, keyed by when they were built: a rebuild gets a fresh pool.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { runSqlFile } from '../db/sql-script.ts';

/** The text of each code of the run's worklist (index = code), read on one connection (e.g. while building). */
export async function readTextPool(c: DuckDBConnection, runId: number): Promise<string[]> {
  const [row] = await runSqlFile(c, 'marts/dashboard/worklist_text', { run_id: runId });
  const bytes = Buffer.from(String(row?.text ?? ''), 'utf8');
  const lengths = (row?.bytes ?? []) as number[];
  const texts = new Array<string>(lengths.length);
  let at = 0;
  lengths.forEach((length, code) => {
    texts[code] = bytes.toString('utf8', at, (at += length));
  });
  if (texts.length !== Number(row?.texts ?? 0)) throw new Error(`worklist_text of run ${runId} is not dense`);
  return texts;
}

/** Pools of the latest runs asked for; a few runs at most (a 1M-patient network's pool is ~800k texts). */
const pools = new Map<string, Promise<string[]>>();
const KEEP = 2;

/** The run's pool, read once per build of its marts (`builtAt` = dashboard_mart_run.built_at). */
export function worklistTexts(db: Database, runId: number, builtAt: string): Promise<string[]> {
  const key = `${runId}@${builtAt}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = db.withConnection((c) => readTextPool(c, runId));
    pool.catch(() => pools.delete(key));
    pools.set(key, pool);
    for (const old of [...pools.keys()].slice(0, -KEEP)) pools.delete(old);
  }
  return pool;
}
