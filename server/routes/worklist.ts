// GET /api/worklist: the open care gaps of a run for the viewer's patients, filtered, soonest deadline first,
// as an Arrow IPC stream (the client decodes it with apache-arrow and virtualizes the rows). Reads the
// precomputed worklist_gap mart; scoped in the SQL by the viewer's practices and audited (patient-level).
//
// Query (all optional): run (finished run id; default the latest), measure (registry id), group (population
// group id), practice (attributed practice id; 'Unattributed' = none), provider (attributed provider id),
// payer ('*' = all, default; or a payer), q (text in the patient's name or id, case-insensitive, 1-100 chars).
// Response 200: Content-Type application/vnd.apache.arrow.stream; one row per open gap, these columns in this
// order (Arrow type; all nullable; text = Dictionary<Utf8, Int32>, which apache-arrow decodes transparently:
// vector.get(i) is the string):
//   patient_id text, patient_name text, birth_date DateDay, sex text, measure_id text, group_id text,
//   practice_id text, provider_id text, gap_reason text, gap_text text, evidence_date DateDay,
//   evidence_value text, close_action text, close_by DateDay, last_visit DateDay
// Sorted by close_by (no deadline last), then patient name. Built by server/marts/worklist-stream.ts; the
// network's, a measure's network-wide and a practice user's unfiltered worklists are read as stored with the
// run's marts. At most WORKLIST_MAX_ROWS rows: header X-Worklist-Truncated: true when more matched (narrow the
// filters). An empty result still carries the schema.
// Errors (JSON): 400 InvalidInput, 401 Unauthenticated, 403 Forbidden (roles without patient access),
// 404 NotFound (no finished run).
import { Router } from 'express';
import { gunzipSync } from 'node:zlib';
import type { DuckDBBlobValue } from '@duckdb/node-api';
import { z } from 'zod';
import { auditPatientRead } from '../auth/audit.ts';
import { patientViewerOf, practiceScope } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { sqlFile } from '../db/sql-registry.ts';
import { DashboardParams, dashboardRun } from '../marts/run.ts';
import { storedSlice, worklistStream, type SliceKey, type WorklistFilters, type WorklistStream } from '../marts/worklist-stream.ts';
import { worklistTexts } from '../marts/worklist-text.ts';

const WorklistQuery = z
  .object({
    run: DashboardParams.run,
    measure: DashboardParams.id.optional(),
    group: DashboardParams.id.optional(),
    practice: DashboardParams.id.optional(),
    provider: DashboardParams.id.optional(),
    payer: DashboardParams.payer,
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

interface StoredSlice {
  ipcGzip: Uint8Array;
  truncated: boolean;
  patients: number;
}

/** The stored slice (its stream gzipped), or null when the run has none. */
async function readSlice(db: Database, runId: number, key: SliceKey): Promise<StoredSlice | null> {
  const [row] = await db.withConnection(async (c) => (await c.runAndReadAll(sqlFile('marts/dashboard/worklist_slice'), { run_id: runId, ...key })).getRowObjects());
  if (!row) return null;
  return { ipcGzip: (row.ipc_gzip as DuckDBBlobValue).bytes, truncated: row.truncated as boolean, patients: row.patients as number };
}

/** The stream read from the worklist marts for these filters and practice scope. */
async function computeSlice(db: Database, runId: number, filters: WorklistFilters, practiceIds: string | null): Promise<WorklistStream> {
  const [build] = await db.queryFile('marts/dashboard/mart_build', { run_id: runId });
  const texts = await worklistTexts(db, runId, String(build?.built_at));
  return db.withConnection((c) => worklistStream(c, runId, filters, practiceIds, texts));
}

export function worklistRouter(db: Database): Router {
  const router = Router();
  router.get('/worklist', async (req, res) => {
    const viewer = patientViewerOf(res);
    const query = WorklistQuery.parse(req.query);
    const run = await dashboardRun(db, query.run);
    const filters: WorklistFilters = {
      measure_id: query.measure ?? null,
      group_id: query.group ?? null,
      practice_id: query.practice ?? null,
      provider_id: query.provider ?? null,
      payer: query.payer === '*' ? null : query.payer,
      q: query.q ?? null,
    };
    const practiceIds = practiceScope(viewer);
    const slice = storedSlice(filters, practiceIds);
    const stored = slice ? await readSlice(db, run.run_id, slice) : null;
    const stream = stored ?? (await computeSlice(db, run.run_id, filters, practiceIds));
    await auditPatientRead(db, res, { route: '/api/worklist', patientCount: stream.patients });
    res.setHeader('X-Worklist-Truncated', String(stream.truncated));
    res.type('application/vnd.apache.arrow.stream');
    if ('ipc' in stream) {
      res.send(Buffer.from(stream.ipc.buffer, stream.ipc.byteOffset, stream.ipc.byteLength));
      return;
    }
    res.vary('Accept-Encoding');
    const gzip = Buffer.from(stream.ipcGzip.buffer, stream.ipcGzip.byteOffset, stream.ipcGzip.byteLength);
    if (req.acceptsEncodings('gzip')) res.setHeader('Content-Encoding', 'gzip').send(gzip);
    else res.send(gunzipSync(gzip)); // RFC 9110 12.5.3: a client that does not accept gzip gets the stream itself
  });
  return router;
}
