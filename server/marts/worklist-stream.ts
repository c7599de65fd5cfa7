// The care-gap worklist as an Arrow IPC stream (server/routes/worklist.ts documents it): one filtered,
// viewer-scoped read of the worklist marts (sql/marts/dashboard/worklist.sql), its codes turned into text
// through the run's text pool. The worklists everyone opens first are built once with the run's marts, by this
// same function, and stored (worklist_slice): the network's, each measure's network-wide (tens of thousands of
// gaps at 1M patients) and each practice's as its users see it; a request for one is answered from there.
import { gzipSync } from 'node:zlib';
import { blobValue, type DuckDBConnection } from '@duckdb/node-api';
import { tableToIPC } from 'apache-arrow';
import { resultToArrowTable } from '../db/arrow.ts';
import { sqlFile } from '../db/sql-registry.ts';
import { runSqlFile } from '../db/sql-script.ts';
import { MEASURES } from '../measures/registry.ts';
import { readTextPool } from './worklist-text.ts';

export const WORKLIST_MAX_ROWS = 250_000;

/** The text columns worklist.sql sends as worklist_text codes. */
const CODED = new Set(['patient_id', 'patient_name', 'sex', 'measure_id', 'group_id', 'practice_id', 'provider_id', 'gap_reason', 'gap_text', 'evidence_value', 'close_action']);

/** worklist.sql's filters; null = not filtered. */
export interface WorklistFilters {
  measure_id: string | null;
  group_id: string | null;
  practice_id: string | null;
  provider_id: string | null;
  payer: string | null;
  q: string | null;
}

export interface WorklistStream {
  ipc: Uint8Array;
  /** more gaps matched than WORKLIST_MAX_ROWS */
  truncated: boolean;
  /** distinct patients in the stream (the audit's count) */
  patients: number;
}

/** The worklist of a run for the filters and practice scope (JSON array, or null = every practice). */
export async function worklistStream(c: DuckDBConnection, runId: number, filters: WorklistFilters, practiceIds: string | null, texts: readonly string[]): Promise<WorklistStream> {
  const reader = await c.runAndReadAll(sqlFile('marts/dashboard/worklist'), { run_id: runId, ...filters, practice_ids: practiceIds, limit: WORKLIST_MAX_ROWS + 1 });
  const truncated = reader.currentRowCount > WORKLIST_MAX_ROWS;
  const columns = reader.getColumns().map((column) => (truncated ? column.slice(0, WORKLIST_MAX_ROWS) : column));
  const table = resultToArrowTable(reader, { columns: CODED, text: texts }, columns);
  return { ipc: tableToIPC(table, 'stream'), truncated, patients: new Set(columns[reader.columnNames().indexOf('patient_id')]).size };
}

/** A stored slice's key: who sees it (a practice's users, or '*' = every practice) and a measure with one of its
 *  groups or '*' = all its groups (also for a one-group measure), or measure '*' (group '*') = every gap. */
export interface SliceKey {
  seen_by: string;
  measure_id: string;
  group_id: string;
}

/** The stored slice a request is, if any: every gap one practice's users see, or every practice's gaps of all or
 *  one measure (group); nothing else filtered. */
export function storedSlice(filters: WorklistFilters, practiceIds: string | null): SliceKey | null {
  const { measure_id, group_id, practice_id, provider_id, payer, q } = filters;
  if (practice_id !== null || provider_id !== null || payer !== null || q !== null) return null;
  const scope = practiceIds === null ? ['*'] : (JSON.parse(practiceIds) as string[]);
  if (scope.length !== 1) return null;
  const seen_by = scope[0]!;
  if (measure_id === null) return group_id === null ? { seen_by, measure_id: '*', group_id: '*' } : null;
  if (seen_by !== '*') return null;
  const groups = MEASURES.find((m) => m.id === measure_id)?.populationGroups.map((g) => g.id) ?? [];
  if (group_id === null || groups.length === 1) return groups.length > 0 && (group_id === null || groups.includes(group_id)) ? { seen_by, measure_id, group_id: '*' } : null;
  return groups.includes(group_id) ? { seen_by, measure_id, group_id } : null;
}

/** Builds and stores every slice of the run (after worklist_gap.sql, in the marts' transaction). */
export async function buildWorklistSlices(c: DuckDBConnection, runId: number, measureIds: string[]): Promise<void> {
  const texts = await readTextPool(c, runId);
  const none: WorklistFilters = { measure_id: null, group_id: null, practice_id: null, provider_id: null, payer: null, q: null };
  const every = { seen_by: '*', measure_id: '*', group_id: '*' };
  const slices: [SliceKey, WorklistFilters][] = [[every, none]];
  for (const m of MEASURES.filter((d) => measureIds.includes(d.id))) {
    slices.push([{ ...every, measure_id: m.id }, { ...none, measure_id: m.id }]);
    if (m.populationGroups.length > 1) for (const g of m.populationGroups) slices.push([{ ...every, measure_id: m.id, group_id: g.id }, { ...none, measure_id: m.id, group_id: g.id }]);
  }
  for (const { seen_by } of await runSqlFile(c, 'marts/build/worklist_seers', { run_id: runId })) slices.push([{ ...every, seen_by: String(seen_by) }, none]);
  for (const [key, filters] of slices) {
    const stream = await worklistStream(c, runId, filters, key.seen_by === '*' ? null : JSON.stringify([key.seen_by]), texts);
    // Stored gzipped (a quarter of the bytes): sent as is with Content-Encoding gzip, as browsers accept.
    const ipcGzip = blobValue(gzipSync(stream.ipc, { level: 1 }));
    await runSqlFile(c, 'marts/build/worklist_slice', { run_id: runId, ...key, ipc_gzip: ipcGzip, truncated: stream.truncated, patients: stream.patients });
  }
}
