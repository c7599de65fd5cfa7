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
// Sorted by close_by (no deadline last), then patient name. At most WORKLIST_MAX_ROWS rows: header
// X-Worklist-Truncated: true when more matched (narrow the filters). An empty result still carries the schema.
// Errors (JSON): 400 InvalidInput, 401 Unauthenticated, 403 Forbidden (roles without patient access),
// 404 NotFound (no finished run).
import { Router } from 'express';
import { z } from 'zod';
import { auditPatientRead } from '../auth/audit.ts';
import { patientViewerOf, practiceScope } from '../auth/viewer.ts';
import { tableToIPC } from 'apache-arrow';
import { resultToArrowTable, usedCodes } from '../db/arrow.ts';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { sqlFile } from '../db/sql-registry.ts';
import { DashboardParams, dashboardRun } from '../marts/run.ts';

export const WORKLIST_MAX_ROWS = 250_000;

/** The text columns worklist.sql sends as worklist_text codes. */
const CODED = new Set(['patient_id', 'patient_name', 'sex', 'measure_id', 'group_id', 'practice_id', 'provider_id', 'gap_reason', 'gap_text', 'evidence_value', 'close_action']);

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

/** worklist_text.sql's packed row -> text by code (its byte lengths cut the one UTF-8 string). */
function unpackTexts(row: Row): Map<number, string> {
  const bytes = Buffer.from(row.text as string, 'utf8');
  const lengths = row.bytes as number[];
  const text = new Map<number, string>();
  let at = 0;
  (row.codes as number[]).forEach((code, i) => {
    text.set(code, bytes.toString('utf8', at, (at += lengths[i]!)));
  });
  return text;
}

export function worklistRouter(db: Database): Router {
  const router = Router();
  router.get('/worklist', async (req, res) => {
    const viewer = patientViewerOf(res);
    const query = WorklistQuery.parse(req.query);
    const run = await dashboardRun(db, query.run);
    const reader = await db.withConnection((c) =>
      c.runAndReadAll(sqlFile('marts/dashboard/worklist'), {
        run_id: run.run_id,
        measure_id: query.measure ?? null,
        group_id: query.group ?? null,
        practice_id: query.practice ?? null,
        provider_id: query.provider ?? null,
        payer: query.payer === '*' ? null : query.payer,
        q: query.q ?? null,
        practice_ids: practiceScope(viewer),
        limit: WORKLIST_MAX_ROWS + 1,
      }),
    );
    const truncated = reader.currentRowCount > WORKLIST_MAX_ROWS;
    const names = reader.columnNames();
    const columns = reader.getColumns().map((c) => (truncated ? c.slice(0, WORKLIST_MAX_ROWS) : c));
    const [texts] = await db.queryFile('marts/dashboard/worklist_text', { run_id: run.run_id, codes: JSON.stringify(usedCodes(names, columns, CODED)) });
    const table = resultToArrowTable(reader, { columns: CODED, text: unpackTexts(texts!) }, columns);
    const patients = new Set(columns[names.indexOf('patient_id')]);
    await auditPatientRead(db, res, { route: '/api/worklist', patientCount: patients.size });
    const body = tableToIPC(table, 'stream');
    res.setHeader('X-Worklist-Truncated', String(truncated));
    res.type('application/vnd.apache.arrow.stream').send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  return router;
}
