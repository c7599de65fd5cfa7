// Computes measures for one measurement period into measure_result, entirely in SQL:
//   0. patient attribution for the period (server/measures/attribution.ts), so every row names its practice
//   1. shared tables, once per run: role codes, patients, role-tagged clinical rows (sql/measures/shared/):
//      one fact table per clinical table (fact_rows.sql over its view in fact_sources.sql)
//   2. each shared library the measures use (hospice, palliative care, ...), once per run
//   3. per measure: sql/measures/<id>/population.sql -> m_measure_rows, kept as m_rows_<id>
//   4. in one transaction: every measure's rows -> store_result.sql (one INSERT), the value set versions
//      used, the month-end trend (monthly_results.sql) and the 'finished' status
// The run row is committed first (status 'running'); results and the 'finished' status commit together,
// so a failed run leaves no partial results and says why it failed. The run's TEMP tables are built before
// that transaction, each step committing on its own: DuckDB keeps a transaction's own appends in
// transaction-local storage, where they cost more to build and read (synthetic 1M: the role-tagged
// clinical rows took 58 CPU-s inside the transaction and 31 outside in one profiled pair; attribution and
// measures 68 and 66 s against 74 and 88 s in alternating benchmark runs). So each measure's rows wait in
// their own TEMP table (m_rows_<id>) until the store transaction.
import { dateValue, type DuckDBConnection, type DuckDBDateValue } from '@duckdb/node-api';
import type { Database, Params } from '../db/database.ts';
import { buildRunMarts } from '../marts/build.ts';
import { computeAttribution, type AttributionMethod } from './attribution.ts';
import { MEASURES, findMeasure } from './registry.ts';
import { librariesFor, rolesFor } from './roles.ts';
import { sqlFile } from '../db/sql-registry.ts';
import { runScript, sqlWithIdentifiers } from '../db/sql-script.ts';
import type { MeasureDefinition } from './types.ts';

export interface RunOptions {
  /** Measurement period, both ends inclusive (YYYY-MM-DD). */
  periodStart: string;
  periodEnd: string;
  /** Registry ids ('cms122'); default: every implemented measure. */
  measures?: string[];
  /** Data cut-off the gaps are stated against (YYYY-MM-DD); default: today. */
  asOf?: string;
  /** How results are attributed to practices and providers; default 'visits'. */
  attribution?: AttributionMethod;
  /** Told as each part of the run ends (the benchmark times the parts). */
  partDone?: (part: RunPart) => void;
}

/** The parts of a run, in order. */
export type RunPart = 'attribution' | 'patients and clinical rows' | 'libraries' | 'populations' | 'stores and trend' | 'marts';

/** The period parameters every step of a run is given. */
export type PeriodParams = { period_start: DuckDBDateValue; period_end: DuckDBDateValue; as_of: DuckDBDateValue };

const SHARED_STEPS = ['measures/shared/codes', 'measures/shared/patients', 'measures/shared/fact_sources'];

/** The clinical tables the measures read, each as m_<table> built from its view m_<table>_source. */
const FACT_TABLES = ['condition', 'encounter', 'observation', 'procedure', 'service_request', 'device_request', 'medication_request'];

function date(text: string, what: string): DuckDBDateValue {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`${what} must be YYYY-MM-DD, got '${text}'`);
  return dateValue({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

function resolveMeasures(ids: string[] | undefined): MeasureDefinition[] {
  if (!ids) return [...MEASURES];
  return ids.map((id) => {
    const m = findMeasure(id);
    if (!m) throw new Error(`Unknown measure '${id}'; implemented: ${MEASURES.map((d) => d.id).join(', ')}`);
    return m;
  });
}

export async function runMeasures(db: Database, options: RunOptions): Promise<number> {
  const measures = resolveMeasures(options.measures);
  if (options.periodStart > options.periodEnd) throw new Error('periodStart is after periodEnd');
  const params = {
    period_start: date(options.periodStart, 'periodStart'),
    period_end: date(options.periodEnd, 'periodEnd'),
    as_of: date(options.asOf ?? new Date().toISOString().slice(0, 10), 'asOf'),
  };
  const attributionMethod = options.attribution ?? 'visits';
  const partDone = options.partDone ?? (() => {});
  const [run] = await db.queryFile('measures/shared/start_run', {
    ...params,
    measures: JSON.stringify(measures.map((m) => m.id)),
    attribution_method: attributionMethod,
  });
  const runId = Number(run?.run_id);
  try {
    // Recomputed on every run (it replaces the period's rows), so results follow the data just loaded.
    await computeAttribution(db, { periodStart: options.periodStart, periodEnd: options.periodEnd, method: attributionMethod });
    partDone('attribution');
    await db.withConnection(async (c) => {
      try {
        await step(c, 'measures/shared/session', {});
        await step(c, 'measures/shared/macros', {});
        await computeRun(c, runId, measures, params, attributionMethod, partDone);
      } finally {
        for (const m of measures) await c.run(`DROP TABLE IF EXISTS ${rowsTable(m)}`);
        await step(c, 'measures/shared/cleanup', {});
      }
    });
  } catch (error) {
    await db.queryFile('measures/shared/fail_run', { run_id: runId, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await buildRunMarts(db, runId); // the dashboard's precomputed rates, trend, worklist and timelines
  partDone('marts');
  return runId;
}

async function computeRun(
  c: DuckDBConnection,
  runId: number,
  measures: MeasureDefinition[],
  params: PeriodParams,
  attributionMethod: AttributionMethod,
  partDone: (part: RunPart) => void,
): Promise<void> {
  await buildSharedTables(c, measures, params);
  partDone('patients and clinical rows');
  for (const library of librariesFor(measures)) await step(c, library.sql, params);
  partDone('libraries');
  for (const m of measures) {
    await step(c, `measures/${m.id}/population`, params);
    await c.run(`ALTER TABLE m_measure_rows RENAME TO ${rowsTable(m)}`);
  }
  partDone('populations');
  await c.run('BEGIN TRANSACTION');
  try {
    await storeResults(c, runId, measures, params, attributionMethod);
    await step(c, 'measures/shared/run_value_sets', { run_id: runId });
    await step(c, 'measures/shared/monthly_results', { run_id: runId });
    await step(c, 'measures/shared/finish_run', { run_id: runId });
    await c.run('COMMIT');
    partDone('stores and trend');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
}

/**
 * Builds the run's shared TEMP tables on `c` (its session and macros set up): the roles' codes, the patients
 * and one fact table per clinical table (m_<table>, from its view m_<table>_source).
 */
export async function buildSharedTables(c: DuckDBConnection, measures: MeasureDefinition[], params: PeriodParams): Promise<void> {
  const shared = { ...params, roles: JSON.stringify(rolesFor(measures)) };
  for (const name of SHARED_STEPS) await step(c, name, shared);
  for (const table of FACT_TABLES) {
    const identifiers = { facts: `m_${table}`, source: `m_${table}_source` };
    await step(c, 'measures/shared/fact_rows', {}, sqlWithIdentifiers('measures/shared/fact_rows', identifiers));
  }
  await step(c, 'measures/shared/blood_pressure_readings', {});
}

/** The TEMP table a measure's population rows wait in until they are stored. */
export function rowsTable(m: MeasureDefinition): string {
  return `m_rows_${m.id}`;
}

/**
 * Stores the measures' rows (each in its rowsTable, keyed by m_patient's patient_key) under the run: one
 * view over them all (run_rows.sql), then one INSERT (store_result.sql).
 */
export async function storeResults(
  c: DuckDBConnection,
  runId: number,
  measures: MeasureDefinition[],
  params: PeriodParams,
  attributionMethod: AttributionMethod,
): Promise<void> {
  if (measures.length === 0) return;
  const union = measures
    .map((m) => sqlWithIdentifiers('measures/shared/measure_rows', { measure_id: m.id, rows: rowsTable(m) }).trim())
    .join('\nUNION ALL BY NAME\n');
  await step(c, 'measures/shared/run_rows', {}, sqlFile('measures/shared/run_rows').replace('/*measures*/', union));
  await step(c, 'measures/shared/store_result', {
    ...params,
    run_id: runId,
    inverse_measures: JSON.stringify(measures.filter((m) => m.improvementNotation === 'decrease').map((m) => m.id)),
    attribution_method: attributionMethod,
  });
}

/** One SQL file of the run (`text`: its text as completed by the caller, if it has a slot); a failure names the file. */
async function step(c: DuckDBConnection, name: string, params: Params, text = sqlFile(name)): Promise<void> {
  try {
    await runScript(c, text, params);
  } catch (error) {
    throw new Error(`sql/${name}.sql: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
