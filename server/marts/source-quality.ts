// The data-sources screen's completeness, linking and per-practice load marts (sql/marts/build/source_*.sql):
// rebuilt after each load, and checked against the current load state on read, so GET /api/sources reads a
// few rows per practice instead of scanning observation, patient_record and source_file per request, and is
// never stale after a load by any path (CLI, upload, pipeline).
import type { Database } from '../db/database.ts';
import { runSqlFile } from '../db/sql-script.ts';

/** (Re)builds the marts in one transaction and records the load state they reflect; returns the build ms. */
export async function buildSourceQuality(db: Database): Promise<number> {
  const started = performance.now();
  await db.transaction(async (c) => {
    const [state] = await runSqlFile(c, 'marts/source_quality_state');
    await runSqlFile(c, 'marts/build/source_completeness');
    await runSqlFile(c, 'marts/build/source_linking');
    await runSqlFile(c, 'marts/build/source_practice');
    await c.run('DELETE FROM source_quality_build');
    await c.run('INSERT INTO source_quality_build (load_state, build_ms) VALUES ($load_state, $build_ms)', {
      load_state: String(state?.load_state),
      build_ms: Math.round(performance.now() - started),
    });
  });
  return Math.round(performance.now() - started);
}

let building: Promise<number> | null = null;

/** Rebuilds the marts when a load happened since they were built; concurrent callers share one build. */
export async function ensureSourceQuality(db: Database): Promise<void> {
  const [[state], [built]] = await Promise.all([db.queryFile('marts/source_quality_state'), db.query('SELECT load_state FROM source_quality_build')]);
  if (built && built.load_state === state?.load_state) return;
  building ??= buildSourceQuality(db).finally(() => (building = null));
  await building;
}
