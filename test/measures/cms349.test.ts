// CMS349 (HIV Screening) on hand-made patients, one per outcome.
// Measurement period 2026. Every patient without a stated variation: born 1990-05-01 and a finished
// office visit on 2026-04-15.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { condition, encounter, measureDb, observation, patient, resultsByPatient, outcomeOf, numeratorChangeMismatches } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const HIV_1_AND_2_TESTS = 'LOINC|75622-1';
const HIV_2_ANTIBODY = 'LOINC|10901-7'; // HIV Laboratory Test Codes (Ab and Ag)
const NEGATIVE = 'SNOMEDCT|260385009';
const HIV = 'SNOMEDCT|111880001'; // Acute HIV infection

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function visitor(id: string, o: { birth?: string; code?: string; status?: string; deceasedAt?: string } = {}) {
  await patient(db, id, o.birth ?? '1990-05-01', 'female', o.deceasedAt ?? null);
  await encounter(db, id, { code: o.code ?? OFFICE_VISIT, start: '2026-04-15T09:00:00', end: '2026-04-15T09:30:00', status: o.status });
}

const hivTest = (id: string, at: string, o: { code?: string; status?: string; result?: boolean } = {}) =>
  observation(db, id, { code: o.code ?? HIV_1_AND_2_TESTS, at, status: o.status, valueCode: o.result === false ? undefined : NEGATIVE });

beforeAll(async () => {
  db = await measureDb('CMS349');
  // Initial population: age 15-65 at the start of the period.
  await visitor('age15', { birth: '2011-01-01' });
  await visitor('age14', { birth: '2011-01-02' });
  await visitor('age65', { birth: '1960-01-02' });
  await visitor('age66', { birth: '1960-01-01' }); // 66 on the first day of the period
  await visitor('preventive-visit-0-17', { birth: '2010-02-01', code: 'CPT|99394' });
  await visitor('visit-arrived', { status: 'arrived' });
  await patient(db, 'no-visit', '1990-05-01');

  // Numerator: an HIV test ever, taken at age 15-65.
  await visitor('test-in-period');
  await hivTest('test-in-period', '2026-04-15T09:10:00');
  await visitor('test-years-ago');
  await hivTest('test-years-ago', '2015-08-01T09:00:00', { code: HIV_2_ANTIBODY });
  await visitor('test-at-age-14');
  await hivTest('test-at-age-14', '2004-06-01T09:00:00');
  await visitor('test-without-result');
  await hivTest('test-without-result', '2026-04-15T09:10:00', { result: false });
  await visitor('test-preliminary');
  await hivTest('test-preliminary', '2026-04-15T09:10:00', { status: 'preliminary' });
  await visitor('test-dec31');
  await hivTest('test-dec31', '2026-12-31T23:00:00');
  await visitor('test-2027');
  await hivTest('test-2027', '2027-01-01T08:00:00');
  await visitor('tests-at-14-and-25-and-in-period');
  await hivTest('tests-at-14-and-25-and-in-period', '2004-06-01T09:00:00');
  await hivTest('tests-at-14-and-25-and-in-period', '2015-08-01T09:00:00');
  await hivTest('tests-at-14-and-25-and-in-period', '2026-03-01T09:00:00');

  // Denominator exclusion: HIV before the period.
  await visitor('hiv-before');
  await condition(db, 'hiv-before', { code: HIV, onset: '2025-06-01' });
  await visitor('hiv-jan-1');
  await condition(db, 'hiv-jan-1', { code: HIV, onset: '2026-01-01T08:00:00' });
  await visitor('hiv-refuted');
  await condition(db, 'hiv-refuted', { code: HIV, onset: '2025-06-01', verificationStatus: 'refuted' });
  await visitor('hiv-entered-in-error');
  await condition(db, 'hiv-entered-in-error', { code: HIV, onset: '2025-06-01', verificationStatus: 'entered-in-error' });

  // Denominator exception: the patient died by the end of the period.
  await visitor('died-in-period', { deceasedAt: '2026-06-01T00:00:00' });
  await visitor('died-2027', { deceasedAt: '2027-01-05T00:00:00' });
  await visitor('died-after-test', { deceasedAt: '2026-06-01T00:00:00' });
  await hivTest('died-after-test', '2026-04-15T09:10:00');

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms349'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms349');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS349 initial population', () => {
  it.each([
    ['age15', 'not numerator: NotFound'],
    ['age14', 'not in initial population'],
    ['age65', 'not numerator: NotFound'],
    ['age66', 'not in initial population'],
    ['preventive-visit-0-17', 'not numerator: NotFound'],
    ['visit-arrived', 'not in initial population'],
    ['no-visit', 'not in initial population'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS349 numerator: an HIV test with a result at age 15-65, before the end of the period', () => {
  it.each([
    ['test-in-period', 'numerator: Present'],
    ['test-years-ago', 'numerator: Present'],
    ['test-at-age-14', 'not numerator: NotFound'],
    ['test-without-result', 'not numerator: NotFound'],
    ['test-preliminary', 'not numerator: NotFound'],
    ['test-dec31', 'numerator: Present'],
    ['test-2027', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the latest test as evidence and the first one that counts as the day the numerator is met', () => {
    expect(results.get('tests-at-14-and-25-and-in-period')).toMatchObject({
      numerator: true,
      evidence_date: '2026-03-01',
      numerator_changes: ['2015-08-01'],
    });
    expect(results.get('test-in-period')?.numerator_changes).toEqual(['2026-04-15']);
    expect(results.get('age15')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('states the evidence and the gap in sentences', () => {
    expect(results.get('test-years-ago')).toMatchObject({ gap: false, evidence_date: '2015-08-01', evidence_table: 'observation' });
    expect(results.get('age15')).toMatchObject({ gap: true, close_by: '2026-12-31', gap_text: 'No HIV test with a result since age 15, by 2026-12-31.' });
  });
});

describe('CMS349 denominator exclusion and exception', () => {
  it.each([
    ['hiv-before', 'excluded: HivDiagnosis'],
    ['hiv-jan-1', 'not numerator: NotFound'],
    ['hiv-refuted', 'not numerator: NotFound'],
    ['hiv-entered-in-error', 'excluded: HivDiagnosis'],
    ['died-in-period', 'exception: PatientExpired'],
    ['died-2027', 'not numerator: NotFound'],
    ['died-after-test', 'numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('keeps the exception out of the gap list', () => {
    expect(results.get('died-in-period')).toMatchObject({
      denominator: true,
      numerator: false,
      gap: false,
      evidence_date: '2026-06-01',
      gap_text: 'Exception (PatientExpired): patient expired on 2026-06-01.',
    });
  });
});
