// CMS1188 (STI Testing for People with HIV) on hand-made patients, one per outcome. Measurement period
// 2025. Every patient without a stated variation: born 1990-05-01, an office visit on 2025-03-10 and HIV
// (B20) since 2020.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { condition, encounter, measureDb, observation, patient, resultsByPatient, outcomeOf, numeratorChangeMismatches } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const HIV = 'ICD10CM|B20';
const CHLAMYDIA = 'LOINC|14463-4';
const GONORRHEA = 'LOINC|21415-5';
const SYPHILIS = 'LOINC|11084-1';

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function withHiv(id: string, o: { birth?: string; onset?: string | null; visit?: string; visitStatus?: string } = {}) {
  await patient(db, id, o.birth ?? '1990-05-01');
  await encounter(db, id, { code: OFFICE_VISIT, start: o.visit ?? '2025-03-10T09:00:00', status: o.visitStatus });
  await condition(db, id, { code: HIV, onset: o.onset === null ? undefined : (o.onset ?? '2020-01-01') });
}

const test = (id: string, code: string, at: string, o: { end?: string; status?: string; value?: number | null } = {}) =>
  observation(db, id, { code, at, end: o.end, status: o.status, value: o.value === null ? undefined : (o.value ?? 1) });

async function allThree(id: string, at = '2025-06-01T10:00:00') {
  await test(id, CHLAMYDIA, at);
  await test(id, GONORRHEA, at);
  await test(id, SYPHILIS, at);
}

beforeAll(async () => {
  db = await measureDb('CMS1188');
  // Initial population: age 13 at the start of the period, a visit in the period (any status), HIV
  // diagnosed on or before its last day.
  await withHiv('age13', { birth: '2012-01-01' });
  await withHiv('age12-on-jan1', { birth: '2012-01-02' });
  await withHiv('visit-2026', { visit: '2026-01-01T09:00:00' });
  await withHiv('visit-cancelled', { visitStatus: 'cancelled' });
  await withHiv('hiv-dec31', { onset: '2025-12-31T23:00:00' });
  await withHiv('hiv-2026', { onset: '2026-01-01T00:00:00' });
  // prevalenceInterval() without an onset is Interval[null, abatement]: its start is the minimum DateTime
  // only when the interval has an end (cql-execution's start(): minValueForInstance(high)), else null.
  await withHiv('hiv-without-onset', { onset: null });
  await withHiv('hiv-without-onset-inactive', { onset: null });
  await db.query(`UPDATE condition SET clinical_status = 'inactive' WHERE patient_record_id = 't/hiv-without-onset-inactive'`);
  await withHiv('hiv-without-onset-abated', { onset: null });
  await db.query(
    `UPDATE condition SET clinical_status = 'resolved', abatement_start = TIMESTAMP '2019-06-01 00:00:00'
     WHERE patient_record_id = 't/hiv-without-onset-abated'`,
  );

  // Numerator: all three tests with a result, final, their latest time in the period.
  await withHiv('all-three');
  await allThree('all-three');
  await withHiv('no-syphilis');
  await test('no-syphilis', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('no-syphilis', GONORRHEA, '2025-06-01T10:00:00');
  await withHiv('syphilis-without-value');
  await test('syphilis-without-value', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('syphilis-without-value', GONORRHEA, '2025-06-01T10:00:00');
  await test('syphilis-without-value', SYPHILIS, '2025-06-01T10:00:00', { value: null });
  await withHiv('syphilis-preliminary');
  await test('syphilis-preliminary', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('syphilis-preliminary', GONORRHEA, '2025-06-01T10:00:00');
  await test('syphilis-preliminary', SYPHILIS, '2025-06-01T10:00:00', { status: 'preliminary' });
  await withHiv('syphilis-amended');
  await test('syphilis-amended', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('syphilis-amended', GONORRHEA, '2025-06-01T10:00:00');
  await test('syphilis-amended', SYPHILIS, '2025-06-01T10:00:00', { status: 'amended' });
  await withHiv('tests-2024');
  await allThree('tests-2024', '2024-12-31T23:00:00');
  await withHiv('tests-jan1');
  await allThree('tests-jan1', '2025-01-01T00:00:00');
  await withHiv('syphilis-period-ends-in-mp');
  await test('syphilis-period-ends-in-mp', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('syphilis-period-ends-in-mp', GONORRHEA, '2025-06-01T10:00:00');
  await test('syphilis-period-ends-in-mp', SYPHILIS, '2024-12-20T10:00:00', { end: '2025-01-02T10:00:00' });
  await withHiv('syphilis-period-ends-2026');
  await test('syphilis-period-ends-2026', CHLAMYDIA, '2025-06-01T10:00:00');
  await test('syphilis-period-ends-2026', GONORRHEA, '2025-06-01T10:00:00');
  await test('syphilis-period-ends-2026', SYPHILIS, '2025-12-20T10:00:00', { end: '2026-01-02T10:00:00' });
  // Chlamydia in February and again in November, gonorrhea in March, syphilis in May: all three by May.
  await withHiv('tested-by-may');
  await test('tested-by-may', CHLAMYDIA, '2025-02-03T10:00:00');
  await test('tested-by-may', GONORRHEA, '2025-03-04T10:00:00');
  await test('tested-by-may', SYPHILIS, '2025-05-05T10:00:00');
  await test('tested-by-may', CHLAMYDIA, '2025-11-06T10:00:00');

  const runId = await runMeasures(db, { periodStart: '2025-01-01', periodEnd: '2025-12-31', measures: ['cms1188'], asOf: '2025-06-30' });
  results = await resultsByPatient(db, runId, 'cms1188');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS1188 initial population', () => {
  it.each([
    ['age13', 'not numerator: NotFound'],
    ['age12-on-jan1', 'not in initial population'],
    ['visit-2026', 'not in initial population'],
    ['visit-cancelled', 'not numerator: NotFound'],
    ['hiv-dec31', 'not numerator: NotFound'],
    ['hiv-2026', 'not in initial population'],
    ['hiv-without-onset', 'not in initial population'],
    ['hiv-without-onset-inactive', 'not in initial population'],
    ['hiv-without-onset-abated', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS1188 numerator', () => {
  it.each([
    ['all-three', 'numerator: Present'],
    ['no-syphilis', 'not numerator: NotFound'],
    ['syphilis-without-value', 'not numerator: NotFound'],
    ['syphilis-preliminary', 'not numerator: NotFound'],
    ['syphilis-amended', 'numerator: Present'],
    ['tests-2024', 'not numerator: NotFound'],
    ['tests-jan1', 'numerator: Present'],
    ['syphilis-period-ends-in-mp', 'numerator: Present'],
    ['syphilis-period-ends-2026', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('names the missing tests and the action that closes the gap', () => {
    const r = results.get('no-syphilis')!;
    expect(r.gap_text).toBe('No syphilis test result between 2025-01-01 and 2025-12-31.');
    expect(r.close_action).toBe('Order syphilis testing; results by 2025-12-31 close the gap.');
    expect(results.get('age13')!.gap_text).toBe('No chlamydia, gonorrhea, syphilis test result between 2025-01-01 and 2025-12-31.');
  });

  it('keeps the latest test as evidence of a met numerator', () => {
    const r = results.get('all-three')!;
    expect(r.evidence_table).toBe('observation');
    expect(String(r.evidence_date)).toContain('2025-06-01');
    expect(r.close_by).toBeNull();
  });

  it('states the day the last of the three kinds was first tested as the day the numerator is met', () => {
    expect(results.get('tested-by-may')).toMatchObject({ numerator: true, evidence_date: '2025-11-06', numerator_changes: ['2025-05-05'] });
    expect(results.get('no-syphilis')).toMatchObject({ numerator: false, numerator_changes: null });
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('has no exclusions or exceptions', () => {
    expect([...results.values()].some((r) => r.denominator_exclusion || r.denominator_exception)).toBe(false);
  });
});
