// The dashboard's per-run marts (sql/schema/10_measure_rate.sql, 12_dashboard_marts.sql): built once when a
// run finishes (server/measures/runner.ts), or on first use for a run finished before they existed, so every
// dashboard request reads precomputed rows and none aggregates measure_result.
import type { Database } from '../db/database.ts';
import { runSqlFile } from '../db/sql-script.ts';
import { MEASURES } from '../measures/registry.ts';
import { buildWorklistSlices } from './worklist-stream.ts';

/** Build order; each file inserts one run's rows into its table (cleared first by clear_run.sql). */
const MARTS = ['measure_rate', 'measure_rate_scope', 'measure_trend', 'worklist_gap', 'patient_card', 'patient_measure', 'patient_timeline'].map((t) => `marts/build/${t}`);

/** The cube's $measures: every population group of the run's measures, with the MIPS id benchmarks are keyed by. */
export const runMeasureGroups = (measureIds: string[]) =>
  JSON.stringify(
    MEASURES.filter((m) => measureIds.includes(m.id)).flatMap((m) =>
      m.populationGroups.map((g) => ({ measure_id: m.id, group_id: g.id, mips_id: m.mipsId })),
    ),
  );

/** (Re)builds every mart of a finished run in one transaction; returns the build time in ms. */
export async function buildRunMarts(db: Database, runId: number): Promise<number> {
  const [run] = await db.query(`SELECT measures FROM measure_run WHERE run_id = $run_id AND status = 'finished'`, { run_id: runId });
  if (!run) throw new Error(`Measure run ${runId} is not a finished run`);
  const started = performance.now();
  await db.transaction(async (c) => {
    await runSqlFile(c, 'marts/build/clear_run', { run_id: runId });
    const measures = runMeasureGroups(run.measures as string[]);
    for (const sql of MARTS) await runSqlFile(c, sql, { run_id: runId, measures });
    await buildWorklistSlices(c, runId, run.measures as string[]); // Arrow streams of the worklist just built
    await c.run('INSERT INTO dashboard_mart_run (run_id, build_ms) VALUES ($run_id, $build_ms)', {
      run_id: runId,
      build_ms: Math.round(performance.now() - started),
    });
  });
  return Math.round(performance.now() - started);
}

const building = new Map<number, Promise<number>>();

/** Makes sure a finished run's marts exist; concurrent first requests share one build. */
export async function ensureRunMarts(db: Database, runId: number): Promise<void> {
  const [built] = await db.query('SELECT 1 FROM dashboard_mart_run WHERE run_id = $run_id', { run_id: runId });
  if (built) return;
  let pending = building.get(runId);
  if (!pending) {
    pending = buildRunMarts(db, runId).finally(() => building.delete(runId));
    building.set(runId, pending);
  }
  await pending;
}
