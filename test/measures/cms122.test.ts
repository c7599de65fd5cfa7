// CMS122 (Diabetes: Glycemic Status Assessment > 9%, inverse) on hand-made patients, one per outcome.
// Measurement period 2026. Every patient without a stated variation: female, born 1970-06-15, a finished
// office visit on 2026-03-10 and active type 2 diabetes since 2020.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import {
  condition,
  deviceRequest,
  encounter,
  measureDb,
  medicationRequest,
  observation,
  patient,
  resultsByPatient, outcomeOf,
  numeratorChangeMismatches,
} from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const DIABETES = 'ICD10CM|E11.9';
const HBA1C = 'LOINC|4548-4';
const GMI = 'LOINC|97506-0';

let db: Database;
let results: Map<string, Record<string, unknown>>;

/** A patient in the initial population unless the options take something away. */
async function diabetic(
  id: string,
  o: { birth?: string; visit?: string | null; visitStatus?: string; diabetes?: Partial<Parameters<typeof condition>[2]> | null } = {},
) {
  await patient(db, id, o.birth ?? '1970-06-15');
  if (o.visit !== null) await encounter(db, id, { code: OFFICE_VISIT, start: o.visit ?? '2026-03-10T09:00:00', status: o.visitStatus });
  if (o.diabetes !== null) await condition(db, id, { code: DIABETES, onset: '2020-01-01', ...o.diabetes });
}

const a1c = (id: string, at: string, value?: number, code = HBA1C) =>
  observation(db, id, { code, at, value, unit: value === undefined ? undefined : '%' });

beforeAll(async () => {
  db = await measureDb('CMS122');
  // Initial population boundaries.
  await diabetic('age18', { birth: '2008-12-31' }); // 18 on the last day of the period
  await diabetic('age17', { birth: '2009-01-01' });
  await diabetic('age75', { birth: '1951-12-31' });
  await diabetic('age76', { birth: '1950-12-31' });
  await diabetic('visit-dec31', { visit: '2026-12-31T10:00:00' });
  await diabetic('visit-next-year', { visit: '2027-01-01T10:00:00' });
  await diabetic('visit-cancelled', { visitStatus: 'cancelled' });
  // Status 1.15.000 isEncounterPerformed: only 'finished' (1.13.000 also took arrived, triaged, in-progress, onleave).
  await diabetic('visit-in-progress', { visitStatus: 'in-progress' });
  await diabetic('visit-arrived', { visitStatus: 'arrived' });
  await diabetic('no-diabetes', { diabetes: null });
  await diabetic('diabetes-refuted', { diabetes: { verificationStatus: 'refuted' } });
  await diabetic('diabetes-resolved-2025', { diabetes: { clinicalStatus: 'resolved', abatement: '2025-06-01' } });

  // Numerator (poor control) and not.
  await diabetic('no-test');
  await diabetic('a1c-9.4');
  await a1c('a1c-9.4', '2026-03-02T08:00:00', 9.4);
  await diabetic('a1c-9.0');
  await a1c('a1c-9.0', '2026-03-02T08:00:00', 9.0);
  await diabetic('a1c-no-result');
  await a1c('a1c-no-result', '2026-05-01T08:00:00');
  await diabetic('gmi-10');
  await a1c('gmi-10', '2026-05-01T08:00:00', 10, GMI);
  await diabetic('latest-wins-good');
  await a1c('latest-wins-good', '2026-02-01T08:00:00', 10.5);
  await a1c('latest-wins-good', '2026-10-01T08:00:00', 7.1);
  await diabetic('latest-wins-bad');
  await a1c('latest-wins-bad', '2026-02-01T08:00:00', 7.1);
  await a1c('latest-wins-bad', '2026-10-01T08:00:00', 10.5);
  await diabetic('same-day-lowest');
  await a1c('same-day-lowest', '2026-10-01T08:00:00', 9.6);
  await a1c('same-day-lowest', '2026-10-01T15:00:00', 8.4);
  await diabetic('a1c-dec31');
  await a1c('a1c-dec31', '2026-12-31T23:00:00', 6.5);
  await diabetic('a1c-2027');
  await a1c('a1c-2027', '2027-01-01T00:30:00', 6.5);
  await diabetic('a1c-2025');
  await a1c('a1c-2025', '2025-12-31T08:00:00', 6.5);
  await diabetic('a1c-period-ending-in-mp');
  await observation(db, 'a1c-period-ending-in-mp', { code: HBA1C, at: '2025-12-20T08:00:00', end: '2026-01-02T08:00:00', value: 6.2, unit: '%' });
  // "> 9 '%'" compares UCUM quantities: FHIRHelpers.ToQuantity gives a unitless value the unit '1'
  // (so 8 '1' is 800%), and dimensionless units convert (100 mmol/mol is 10%); other units do not compare.
  await diabetic('a1c-8-no-unit');
  await observation(db, 'a1c-8-no-unit', { code: HBA1C, at: '2026-04-01T08:00:00', value: 8 });
  await diabetic('a1c-0.08-no-unit');
  await observation(db, 'a1c-0.08-no-unit', { code: HBA1C, at: '2026-04-01T08:00:00', value: 0.08 });
  await diabetic('a1c-100-mmol');
  await observation(db, 'a1c-100-mmol', { code: HBA1C, at: '2026-04-01T08:00:00', value: 100, unit: 'mmol/mol' });
  await diabetic('a1c-64-mmol');
  await observation(db, 'a1c-64-mmol', { code: HBA1C, at: '2026-04-01T08:00:00', value: 64, unit: 'mmol/mol' });
  await diabetic('a1c-mg-dl');
  await observation(db, 'a1c-mg-dl', { code: HBA1C, at: '2026-04-01T08:00:00', value: 200, unit: 'mg/dL' });
  // "Lowest ... on Most Recent Day" sorts the quantities with unit conversion: 80 mmol/mol (8%) < 9.5%.
  await diabetic('same-day-lowest-mmol');
  await a1c('same-day-lowest-mmol', '2026-10-01T08:00:00', 9.5);
  await observation(db, 'same-day-lowest-mmol', { code: HBA1C, at: '2026-10-01T15:00:00', value: 80, unit: 'mmol/mol' });
  await diabetic('a1c-preliminary');
  await observation(db, 'a1c-preliminary', { code: HBA1C, at: '2026-04-01T08:00:00', value: 6.2, unit: '%', status: 'preliminary' });

  // Denominator exclusions.
  await diabetic('hospice-and-high-a1c');
  await encounter(db, 'hospice-and-high-a1c', { code: 'SNOMEDCT|183919006', start: '2026-08-01T10:00:00', end: '2026-08-03T10:00:00' });
  await a1c('hospice-and-high-a1c', '2026-03-02T08:00:00', 11);
  await diabetic('palliative');
  await condition(db, 'palliative', { code: 'ICD10CM|Z51.5', onset: '2026-09-01' });
  await diabetic('frail-ill-70', { birth: '1956-02-01' });
  await deviceRequest(db, 'frail-ill-70', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await condition(db, 'frail-ill-70', { code: 'SNOMEDCT|101421000119107', onset: '2025-03-01' });
  await diabetic('frail-dementia-med-70', { birth: '1956-02-01' });
  await deviceRequest(db, 'frail-dementia-med-70', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await medicationRequest(db, 'frail-dementia-med-70', { code: 'RXNORM|312836', authoredOn: '2025-11-01T10:00:00', supplyDays: 90 });
  await diabetic('frail-only-70', { birth: '1956-02-01' });
  await deviceRequest(db, 'frail-only-70', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await diabetic('frail-ill-65', { birth: '1961-02-01' });
  await deviceRequest(db, 'frail-ill-65', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await condition(db, 'frail-ill-65', { code: 'SNOMEDCT|101421000119107', onset: '2025-03-01' });
  await diabetic('nursing-home-66', { birth: '1960-12-31' });
  await observation(db, 'nursing-home-66', { code: 'LOINC|71802-3', at: '2026-02-01T10:00:00', valueCode: 'SNOMEDCT|160734000' });
  await diabetic('nursing-home-then-home-66', { birth: '1960-12-31' });
  await observation(db, 'nursing-home-then-home-66', { code: 'LOINC|71802-3', at: '2026-02-01T10:00:00', valueCode: 'SNOMEDCT|160734000' });
  await observation(db, 'nursing-home-then-home-66', { code: 'LOINC|71802-3', at: '2026-07-01T10:00:00', valueCode: 'SNOMEDCT|160943002' });
  await diabetic('nursing-home-65', { birth: '1961-01-01' });
  await observation(db, 'nursing-home-65', { code: 'LOINC|71802-3', at: '2026-02-01T10:00:00', valueCode: 'SNOMEDCT|160734000' });

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms122'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms122');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS122 initial population', () => {
  it.each([
    ['age18', 'numerator: NotFound'],
    ['age17', 'not in initial population'],
    ['age75', 'numerator: NotFound'],
    ['age76', 'not in initial population'],
    ['visit-dec31', 'numerator: NotFound'],
    ['visit-next-year', 'not in initial population'],
    ['visit-cancelled', 'not in initial population'],
    ['visit-in-progress', 'not in initial population'],
    ['visit-arrived', 'not in initial population'],
    ['no-diabetes', 'not in initial population'],
    ['diabetes-refuted', 'not in initial population'],
    ['diabetes-resolved-2025', 'not in initial population'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS122 numerator (most recent glycemic status > 9%, without result, or missing)', () => {
  it.each([
    ['no-test', 'numerator: NotFound'],
    ['a1c-9.4', 'numerator: ValueOutOfRange'],
    ['a1c-9.0', 'not numerator: Present'],
    ['a1c-no-result', 'numerator: NoResult'],
    ['gmi-10', 'numerator: ValueOutOfRange'],
    ['latest-wins-good', 'not numerator: Present'],
    ['latest-wins-bad', 'numerator: ValueOutOfRange'],
    ['same-day-lowest', 'not numerator: Present'],
    ['a1c-dec31', 'not numerator: Present'],
    ['a1c-2027', 'numerator: NotFound'],
    ['a1c-2025', 'numerator: DateOutOfRange'],
    ['a1c-period-ending-in-mp', 'not numerator: Present'],
    ['a1c-preliminary', 'numerator: NotFound'],
    ['a1c-8-no-unit', 'numerator: ValueOutOfRange'],
    ['a1c-0.08-no-unit', 'not numerator: Present'],
    ['a1c-100-mmol', 'numerator: ValueOutOfRange'],
    ['a1c-64-mmol', 'not numerator: Present'],
    ['a1c-mg-dl', 'not numerator: Present'],
    ['same-day-lowest-mmol', 'not numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the days the numerator began or stopped holding: from the period start, then as each day says', () => {
    expect(results.get('no-test')?.numerator_changes).toEqual(['2026-01-01']);
    expect(results.get('a1c-2025')?.numerator_changes).toEqual(['2026-01-01']);
    // 10.5 in February keeps it; 7.1 in October ends it
    expect(results.get('latest-wins-good')?.numerator_changes).toEqual(['2026-01-01', '2026-10-01']);
    expect(results.get('latest-wins-bad')?.numerator_changes).toEqual(['2026-01-01', '2026-02-01', '2026-10-01']);
    expect(results.get('same-day-lowest')?.numerator_changes).toEqual(['2026-01-01', '2026-10-01']);
    expect(results.get('hospice-and-high-a1c')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
    // every outcome states its changes: the numerator holds from the period start until a result says otherwise
    expect([...results.values()].filter((r) => !r.denominator_exclusion && r.numerator_changes === null)).toEqual([]);
  });

  it('states the gap in a sentence with its evidence and how to close it', () => {
    const r = results.get('a1c-9.4')!;
    expect(r).toMatchObject({
      gap: true,
      evidence_date: '2026-03-02',
      evidence_value: '9.4%',
      evidence_table: 'observation',
      gap_text: 'Most recent HbA1c 9.4% on 2026-03-02 is above 9%.',
      close_by: '2026-12-31',
    });
    expect(String(r.close_action)).toContain('9% or below');
    expect(results.get('a1c-9.0')).toMatchObject({ gap: false, close_by: null, gap_text: 'Most recent HbA1c 9% on 2026-03-02 is 9% or below.' });
  });
});

describe('CMS122 denominator exclusions', () => {
  it.each([
    ['hospice-and-high-a1c', 'excluded: Hospice'],
    ['palliative', 'excluded: PalliativeCare'],
    ['frail-ill-70', 'excluded: AdvancedIllnessFrailty'],
    ['frail-dementia-med-70', 'excluded: AdvancedIllnessFrailty'],
    ['frail-only-70', 'numerator: NotFound'],
    ['frail-ill-65', 'numerator: NotFound'],
    ['nursing-home-66', 'excluded: NursingHome'],
    ['nursing-home-then-home-66', 'numerator: NotFound'],
    ['nursing-home-65', 'numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('lets the exclusion win over the numerator and keeps its evidence', () => {
    expect(results.get('hospice-and-high-a1c')).toMatchObject({
      denominator: true,
      denominator_exclusion: true,
      numerator: false,
      gap: false,
      evidence_table: 'encounter',
      evidence_date: '2026-08-03',
    });
  });
});
