// The run's fact tables (sql/measures/shared/fact_sources.sql, fact_rows.sql, blood_pressure_readings.sql):
// which clinical rows they keep, under which roles, with which code and display. Observations of one CMS122
// patient (roles hba1c_laboratory_test: a value set; glucose_management_indicator: LOINC 97506-0), built
// on one connection as a run builds them.
import { dateValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runScript, runSqlFile } from '../../server/db/sql-script.ts';
import { findMeasure } from '../../server/measures/registry.ts';
import { buildSharedTables } from '../../server/measures/runner.ts';
import { encounter, measureDb, patient } from './core-rows.ts';

type Fact = { source_id: string; role: string; code: string; display: string | null };

let db: Database;
let facts: Fact[];

/** An observation of patient 'p1' with the given codings ('SYSTEM|code' or 'SYSTEM|code|display'), in order. */
function observationCoded(id: string, codings: string[], components?: { systolic: number; diastolic: number }) {
  const list = codings.map((c) => {
    const [system, code, display] = c.split('|');
    return { system, code, display: display ?? null };
  });
  return db.query(
    `INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id, status, codings,
                              effective_start, systolic, diastolic)
     VALUES ('t/' || $id, 't', 0, $id, 't/p1', 'final',
             from_json($codings, '[{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}]'),
             TIMESTAMP '2026-05-01 10:00:00', $systolic, $diastolic)`,
    { id, codings: JSON.stringify(list), systolic: components?.systolic ?? null, diastolic: components?.diastolic ?? null },
  );
}

beforeAll(async () => {
  db = await measureDb('CMS122', 'CMS165');
  await patient(db, 'p1', '1970-06-15');
  await encounter(db, 'p1', { code: 'CPT|99213', start: '2026-03-10T09:00:00' });
  await observationCoded('single', ['LOINC|4548-4|Hemoglobin A1c']);
  await observationCoded('second-matches', ['LOCAL|A1C|Local A1c', 'LOINC|4548-4', 'LOINC|17856-6|HbA1c by HPLC']);
  await observationCoded('two-roles', ['LOINC|4548-4', 'LOINC|97506-0|GMI']);
  await observationCoded('no-display', ['LOCAL|A1C|Local A1c', 'LOINC|4548-4']);
  await observationCoded('unrelated', ['LOCAL|XYZ|Something else']);
  await observationCoded('bp-panel', ['LOINC|85354-9|Blood pressure panel'], { systolic: 120, diastolic: 80 });
  await observationCoded('bp-other-code', ['LOCAL|BP|Office BP'], { systolic: 130, diastolic: 85 });
  const measures = ['cms122', 'cms165'].map((id) => findMeasure(id)!);
  const day = (month: number, d: number) => dateValue({ year: 2026, month, day: d });
  facts = await db.withConnection(async (c) => {
    await runSqlFile(c, 'measures/shared/macros');
    await buildSharedTables(c, measures, { period_start: day(1, 1), period_end: day(12, 31), as_of: day(12, 31) });
    return (await runScript(c, 'SELECT source_id, role, code, display FROM m_observation ORDER BY ALL')) as Fact[];
  });
});
afterAll(() => db?.close());

const of = (sourceId: string) => facts.filter((f) => f.source_id === sourceId).map(({ source_id: _, ...f }) => f);

describe('fact rows', () => {
  it('tag a row with one coding by that coding', () => {
    expect(of('single')).toEqual([{ role: 'hba1c_laboratory_test', code: '4548-4', display: 'Hemoglobin A1c' }]);
  });

  it('give a row with several codings its first coding in the role, and the first display among those', () => {
    expect(of('second-matches')).toEqual([{ role: 'hba1c_laboratory_test', code: '4548-4', display: 'HbA1c by HPLC' }]);
  });

  it('give a row one fact per role its codings fall in', () => {
    expect(of('two-roles')).toEqual([
      { role: 'glucose_management_indicator', code: '97506-0', display: 'GMI' },
      { role: 'hba1c_laboratory_test', code: '4548-4', display: null },
    ]);
  });

  it('leave the display empty when no coding in the role has one (not another coding’s)', () => {
    expect(of('no-display')).toEqual([{ role: 'hba1c_laboratory_test', code: '4548-4', display: null }]);
  });

  it('keep no row whose codings fall in no role', () => {
    expect(of('unrelated')).toEqual([]);
  });

  it('add a blood pressure reading by its components once, whatever code it was sent with', () => {
    expect(of('bp-panel')).toEqual([{ role: 'blood_pressure', code: '85354-9', display: 'Blood pressure panel' }]);
    expect(of('bp-other-code')).toEqual([{ role: 'blood_pressure', code: 'BP', display: 'Office BP' }]);
  });
});
