// GET /api/sources' completeness and linking sections over test/marts/fixture.ts's network plus a few
// observations: a blood pressure, a LOINC-coded lab and a lab sent only with a local code, all at P1.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { dashboardDb } from '../marts/fixture.ts';

let db: Database;
let api: SignedInAgent;

beforeAll(async () => {
  db = await dashboardDb();
  await db.exec(`
    INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id, category_codes, codings, systolic, diastolic)
    VALUES
      ('P1/bp', 'P1', 1, 'bp', 'P1/r3', ['vital-signs'], [{'system': 'LOINC', 'code': '85354-9', 'display': 'BP'}], 128, 82),
      ('P1/lab1', 'P1', 1, 'lab1', 'P1/r6', ['laboratory'], [{'system': 'LOINC', 'code': '4548-4', 'display': 'HbA1c'}], NULL, NULL),
      ('P1/lab2', 'P1', 1, 'lab2', 'P1/r6', ['laboratory'], [{'system': 'urn:local:lab', 'code': 'A1C', 'display': 'A1C'}], NULL, NULL);
  `);
  api = await signedInAgent(createApp({ db, logger: pino({ level: 'silent' }) }), db, 'network');
});
afterAll(() => db?.close());

describe('GET /api/sources completeness and linking', () => {
  it('reports per practice the share of patients with a BP, labs in LOINC and local codes left unmapped', async () => {
    const res = await api.get('/api/sources');
    expect(res.status).toBe(200);
    const p1 = res.body.completeness.find((c: { practice_id: string }) => c.practice_id === 'P1');
    // P1 holds the 50 patients i % 3 = 0 of 150; its fixture observations are LOINC blood-pressure panels without components
    expect(p1).toMatchObject({ patients: 50, patients_with_bp: 1, lab_results: 2, lab_results_loinc: 1, lab_loinc_share: 0.5, unmapped_local_codes: 1, unmapped_observations: 1 });
    expect(p1.bp_share).toBeCloseTo(1 / 50);
  });

  it('counts records by linking rule and those shared with another practice', async () => {
    const res = await api.get('/api/sources');
    const p3 = res.body.linking.find((l: { practice_id: string }) => l.practice_id === 'P3');
    // P3: its 50 home records (SINGLETON) and 15 more records (MBI) of patients i % 10 = 0: 5 of them P3's own
    // patients (i % 3 = 2), 10 shared with P1 or P2
    expect(p3.rules).toEqual([
      { rule: 'MBI', records: 15 },
      { rule: 'SINGLETON', records: 50 },
    ]);
    expect(p3).toMatchObject({ records: 65, patients: 60, records_shared_with_other_practices: 10 });
  });

  it('reads marts built for the current load state, and rebuilds them after a load', async () => {
    const before = (await api.get('/api/sources')).body.completeness.find((c: { practice_id: string }) => c.practice_id === 'P2');
    const [built] = await db.query('SELECT count(*)::INTEGER AS n FROM source_quality_build');
    expect(built?.n).toBe(1);
    // a load: a new file at P2 with a blood pressure of one more patient
    await db.exec(`
      INSERT INTO source_file (practice_id, path, format, sha256, bytes, status) VALUES ('P2', 'more.ndjson', 'fhir-ndjson', 'more', 1, 'loaded');
      INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id, category_codes, codings, systolic, diastolic)
      SELECT 'P2/bp-more', 'P2', max(source_file_id), 'bp-more', 'P2/r1', ['vital-signs'], [{'system': 'LOINC', 'code': '85354-9', 'display': 'BP'}], 131, 84
      FROM source_file;
    `);
    const after = (await api.get('/api/sources')).body.completeness.find((c: { practice_id: string }) => c.practice_id === 'P2');
    expect(after.patients_with_bp).toBe(before.patients_with_bp + 1);
  });
});
