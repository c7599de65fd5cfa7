// Which patients a run considers: every measure's initial population needs an age of 12 or more and an
// encounter during the period, so the run leaves other patients out before it joins clinical rows
// (sql/measures/shared/patients.sql), while the run still counts every enterprise patient.
// CMS349 on hand-made patients, period 2026.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { encounter, measureDb, observation, patient, resultsByPatient } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const HIV_TEST = 'LOINC|75622-1';
const NEGATIVE = 'SNOMEDCT|260385009';

let db: Database;
let runId: number;
let results: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  db = await measureDb('CMS349');
  await patient(db, 'visit-2026', '1990-05-01');
  await encounter(db, 'visit-2026', { code: OFFICE_VISIT, start: '2026-04-15T09:00:00', end: '2026-04-15T09:30:00' });
  // A visit ending on the first day of the period overlaps it, but is not during it: not in CMS349.
  await patient(db, 'visit-into-2026', '1990-05-01');
  await encounter(db, 'visit-into-2026', { code: OFFICE_VISIT, start: '2025-12-31T23:30:00', end: '2026-01-01T00:30:00' });
  // Tested in 2026, but seen only in 2025.
  await patient(db, 'visit-2025-only', '1990-05-01');
  await encounter(db, 'visit-2025-only', { code: OFFICE_VISIT, start: '2025-04-15T09:00:00', end: '2025-04-15T09:30:00' });
  await observation(db, 'visit-2025-only', { code: HIV_TEST, at: '2026-02-01T09:00:00', valueCode: NEGATIVE });
  await patient(db, 'no-encounter', '1990-05-01');

  runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms349'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms349');
});
afterAll(() => db?.close());

describe('patients a run considers', () => {
  it('scores only patients with an encounter during the period', () => {
    expect([...results.keys()]).toEqual(['visit-2026']);
    expect(results.get('visit-2026')).toMatchObject({ initial_population: true, numerator: false, gap_reason: 'NotFound' });
  });

  it('counts every enterprise patient on the run, scored or not', async () => {
    const [run] = await db.query('SELECT patient_count, status FROM measure_run WHERE run_id = $run', { run: runId });
    expect(run).toEqual({ patient_count: 4, status: 'finished' });
  });
});

describe('a run that fails', () => {
  it('is marked failed with its reason and keeps none of the results it stored before failing', async () => {
    // The trend table's columns no longer match: monthly_results.sql fails after every measure is stored.
    await db.exec('ALTER TABLE measure_result_monthly RENAME COLUMN payer TO payer_renamed');
    try {
      await expect(runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms349'], asOf: '2026-06-30' }))
        .rejects.toThrow(/monthly_results/);
    } finally {
      await db.exec('ALTER TABLE measure_result_monthly RENAME COLUMN payer_renamed TO payer');
    }
    const [run] = await db.query(
      `SELECT status, error, (SELECT count(*) FROM measure_result r WHERE r.run_id = m.run_id) AS results,
              (SELECT count(*) FROM measure_run_value_set v WHERE v.run_id = m.run_id) AS value_sets
       FROM measure_run m ORDER BY run_id DESC LIMIT 1`,
    );
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/monthly_results/), results: 0, value_sets: 0 });
    // The finished run before it is untouched.
    expect((await resultsByPatient(db, runId, 'cms349')).size).toBe(1);
  });
});
