// Patient-level FHIR exports: a measure's subject-list report, and one patient's individual reports and
// gaps-in-care Bundle. They read measure_result rows (sql/exports/patients.sql) within the viewer's
// practice scope ($practice_ids, server/auth/viewer.ts); callers audit the patients they return.
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import type { MeasureDefinition } from '../measures/types.ts';
import { gapsInCareBundle, subjectListReport } from './fhir.ts';
import type { Selection } from './selection.ts';

async function patientRows(db: Database, selection: Selection, measures: MeasureDefinition[], practiceIds: string | null, patientId: string | null): Promise<Row[]> {
  const { entity } = selection;
  return db.queryFile('exports/patients', {
    run_id: selection.run.run_id,
    measure_ids: JSON.stringify(measures.map((m) => m.id)),
    practice_id: entity.type === 'practice' ? entity.id : null,
    provider_id: entity.type === 'provider' ? entity.id : null,
    payer: selection.payer,
    patient_id: patientId,
    practice_ids: practiceIds,
  });
}

export interface PatientReport {
  resource: Record<string, unknown>;
  patientIds: string[];
}

/** Subject-list reports of the selection's measures (one collection Bundle). */
export async function subjectListBundle(db: Database, selection: Selection, practiceIds: string | null): Promise<PatientReport> {
  const rows = await patientRows(db, selection, selection.measures, practiceIds, null);
  const date = new Date();
  return {
    resource: {
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: date.toISOString(),
      entry: selection.measures.map((m) => ({ resource: subjectListReport(m, selection.run, rows.filter((r) => r.measure_id === m.id), date) })),
    },
    patientIds: [...new Set(rows.map((r) => String(r.patient_id)))],
  };
}

/** One patient's gaps-in-care Bundle over the selection's measures; null when out of scope or without results. */
export async function patientGapsBundle(db: Database, selection: Selection, practiceIds: string | null, patientId: string): Promise<PatientReport | null> {
  const rows = await patientRows(db, selection, selection.measures, practiceIds, patientId);
  if (rows.length === 0) return null;
  return { resource: gapsInCareBundle(selection.measures, selection.run, rows, new Date()), patientIds: [patientId] };
}
