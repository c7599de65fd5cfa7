// CMS125 (Breast Cancer Screening) on hand-made patients, one per outcome. Measurement period 2026.
// Every patient without a stated variation: a woman aged 55 at the end of the period with a finished office
// visit on 2026-03-02.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { condition, encounter, measureDb, observation, patient, procedure, resultsByPatient, numeratorChangeMismatches } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const MAMMOGRAM = 'LOINC|24604-1';
const BILATERAL_MASTECTOMY = 'ICD10PCS|0HTV0ZZ';
const LEFT_MASTECTOMY = 'ICD10PCS|0HTU0ZZ';
const HISTORY_OF_BILATERAL_MASTECTOMY = 'ICD10CM|Z90.13';
const STATUS_POST_LEFT_MASTECTOMY = 'ICD10CM|Z90.12';
const STATUS_POST_RIGHT_MASTECTOMY = 'ICD10CM|Z90.11';
const UNSPECIFIED_LATERALITY_MASTECTOMY = 'ICD10CM|Z90.10';
const LEFT = 'SNOMEDCT|7771000';
const RIGHT = 'SNOMEDCT|24028007';

let db: Database;
let results: Map<string, Record<string, unknown>>;

/** A woman in the initial population unless the options take something away. */
async function woman(id: string, o: { age?: number; birth?: string; sex?: string; sexCode?: string; visit?: string; visitStatus?: string } = {}) {
  await patient(db, id, o.birth ?? `${2026 - (o.age ?? 55)}-06-30`, o.sex ?? 'female', null, o.sexCode ?? null);
  await encounter(db, id, { code: OFFICE_VISIT, start: o.visit ?? '2026-03-02T09:00:00', status: o.visitStatus });
}

const mammogram = (id: string, at: string, o: { end?: string; category?: string; status?: string } = {}) =>
  observation(db, id, { code: MAMMOGRAM, at, end: o.end, category: o.category ?? 'imaging', status: o.status });

beforeAll(async () => {
  db = await measureDb('CMS125');
  // Initial population: age 42-74 at the end of the period, female, a qualifying encounter during it.
  await woman('age-41', { birth: '1985-01-01' });
  await woman('age-42', { birth: '1984-12-31' });
  await woman('age-74', { age: 74 });
  await woman('age-75', { age: 75 });
  await woman('male', { sex: 'male' });
  await woman('sex-extension-female', { sex: 'unknown', sexCode: '248152002' });
  await woman('sex-extension-male', { sexCode: '248153007' });
  await woman('visit-2027', { visit: '2027-01-01T09:00:00' });
  await woman('visit-cancelled', { visitStatus: 'cancelled' });
  // AdultOutpatientEncounters 4.19.000 (Status 1.15.000): only 'finished' visits qualify.
  await woman('visit-in-progress', { visitStatus: 'in-progress' });

  // Numerator: a final imaging mammogram ending from 2024-10-01 through 2026-12-31.
  await woman('mammogram-oct-1');
  await mammogram('mammogram-oct-1', '2024-10-01T09:00:00');
  await woman('mammogram-dec-31');
  await mammogram('mammogram-dec-31', '2026-12-31T23:00:00');
  await woman('mammogram-period-ending-oct-1');
  await mammogram('mammogram-period-ending-oct-1', '2024-09-30T09:00:00', { end: '2024-10-01T09:00:00' });
  await woman('mammogram-sep-30');
  await mammogram('mammogram-sep-30', '2024-09-30T09:00:00');
  await woman('mammogram-2027');
  await mammogram('mammogram-2027', '2027-01-01T09:00:00');
  await woman('mammogram-not-imaging');
  await mammogram('mammogram-not-imaging', '2026-05-01T09:00:00', { category: 'laboratory' });
  await woman('mammogram-preliminary');
  await mammogram('mammogram-preliminary', '2026-05-01T09:00:00', { status: 'preliminary' });
  await woman('mammograms-2024-2025-2026');
  await mammogram('mammograms-2024-2025-2026', '2024-05-01T09:00:00'); // before the window
  await mammogram('mammograms-2024-2025-2026', '2025-11-20T09:00:00');
  await mammogram('mammograms-2024-2025-2026', '2026-09-14T09:00:00');

  // Mastectomy exclusions: bilateral, or a right and a left one, on or before the end of the period.
  await woman('bilateral-procedure');
  await procedure(db, 'bilateral-procedure', { code: BILATERAL_MASTECTOMY, at: '2026-12-31T23:00:00' });
  await woman('bilateral-procedure-2027');
  await procedure(db, 'bilateral-procedure-2027', { code: BILATERAL_MASTECTOMY, at: '2027-01-01T09:00:00' });
  await woman('bilateral-history');
  await condition(db, 'bilateral-history', { code: HISTORY_OF_BILATERAL_MASTECTOMY, onset: '2010-05-01', clinicalStatus: 'inactive' });
  // prevalenceInterval() of a condition without onset or abatement is Interval[null, null]: null, so it never
  // "starts on or before" anything; with an abatement its unknown (closed) start is the beginning of time.
  await woman('bilateral-history-no-onset');
  await condition(db, 'bilateral-history-no-onset', { code: HISTORY_OF_BILATERAL_MASTECTOMY });
  await woman('bilateral-history-no-onset-abated');
  await condition(db, 'bilateral-history-no-onset-abated', { code: HISTORY_OF_BILATERAL_MASTECTOMY, clinicalStatus: 'resolved', abatement: '2015-01-01' });
  await woman('left-procedure-right-diagnosis-no-onset');
  await procedure(db, 'left-procedure-right-diagnosis-no-onset', { code: LEFT_MASTECTOMY, at: '2015-02-03' });
  await condition(db, 'left-procedure-right-diagnosis-no-onset', { code: STATUS_POST_RIGHT_MASTECTOMY, clinicalStatus: 'inactive' });
  await woman('bilateral-history-refuted');
  await condition(db, 'bilateral-history-refuted', { code: HISTORY_OF_BILATERAL_MASTECTOMY, onset: '2010-05-01', verificationStatus: 'refuted' });
  await woman('left-procedure-right-diagnosis');
  await procedure(db, 'left-procedure-right-diagnosis', { code: LEFT_MASTECTOMY, at: '2015-02-03' });
  await condition(db, 'left-procedure-right-diagnosis', { code: STATUS_POST_RIGHT_MASTECTOMY, onset: '2026-12-31' });
  await woman('right-diagnosis-2027');
  await procedure(db, 'right-diagnosis-2027', { code: LEFT_MASTECTOMY, at: '2015-02-03' });
  await condition(db, 'right-diagnosis-2027', { code: STATUS_POST_RIGHT_MASTECTOMY, onset: '2027-01-01' });
  await woman('unspecified-left-and-right');
  await condition(db, 'unspecified-left-and-right', { code: UNSPECIFIED_LATERALITY_MASTECTOMY, onset: '2020-01-01', bodySite: LEFT });
  await condition(db, 'unspecified-left-and-right', { code: UNSPECIFIED_LATERALITY_MASTECTOMY, onset: '2021-01-01', bodySite: RIGHT });
  await woman('left-only');
  await procedure(db, 'left-only', { code: LEFT_MASTECTOMY, at: '2015-02-03' });
  await condition(db, 'left-only', { code: STATUS_POST_LEFT_MASTECTOMY, onset: '2015-02-03' });
  await condition(db, 'left-only', { code: UNSPECIFIED_LATERALITY_MASTECTOMY, onset: '2015-02-03' });

  // Shared exclusions.
  await woman('hospice-and-mammogram');
  await encounter(db, 'hospice-and-mammogram', { code: 'SNOMEDCT|183919006', start: '2026-11-01T10:00:00' });
  await mammogram('hospice-and-mammogram', '2026-05-01T09:00:00');
  await woman('palliative');
  await condition(db, 'palliative', { code: 'ICD10CM|Z51.5', onset: '2026-04-01' });
  for (const [id, age, illness] of [['frail-ill-66', 66, true], ['frail-ill-65', 65, true], ['frail-only-70', 70, false]] as const) {
    await woman(id, { age });
    await condition(db, id, { code: 'SNOMEDCT|10637031000119106', onset: '2026-02-01' });
    if (illness) await condition(db, id, { code: 'SNOMEDCT|101421000119107', onset: '2025-03-01' });
  }
  for (const [id, age] of [['nursing-home-66', 66], ['nursing-home-65', 65]] as const) {
    await woman(id, { age });
    await observation(db, id, { code: 'LOINC|71802-3', at: '2026-02-01T10:00:00', valueCode: 'SNOMEDCT|160734000' });
  }

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms125'], asOf: '2026-01-01' });
  results = await resultsByPatient(db, runId, 'cms125');
});
afterAll(() => db.close());

const excluded = (id: string) => results.get(id)?.denominator_exclusion;

describe('CMS125 initial population', () => {
  it('takes women aged 42-74 at the end of the period with a qualifying encounter during it', () => {
    for (const id of ['age-41', 'age-75', 'visit-2027', 'visit-cancelled', 'visit-in-progress']) expect(results.has(id), id).toBe(false);
    expect(results.get('age-42')).toMatchObject({ denominator: true, denominator_exclusion: false, numerator: false });
    expect(results.get('age-74')).toMatchObject({ denominator: true, denominator_exclusion: false, numerator: false });
  });

  it('reads sex from the US Core sex extension, else from administrative gender', () => {
    expect(results.has('male')).toBe(false);
    expect(results.has('sex-extension-female')).toBe(true);
    expect(results.has('sex-extension-male')).toBe(false);
  });

  it('stratifies by age 42-51 and 52-74', () => {
    expect(results.get('age-42')?.stratum).toBe('Stratification_1_1');
    expect(results.get('age-74')?.stratum).toBe('Stratification_1_2');
  });
});

describe('CMS125 numerator', () => {
  it('counts a final imaging mammogram ending from October 1 two years before through the end of the period', () => {
    expect(results.get('mammogram-oct-1')).toMatchObject({ numerator: true, gap: false, gap_reason: 'Present', evidence_date: '2024-10-01' });
    expect(results.get('mammogram-dec-31')?.numerator).toBe(true);
    expect(results.get('mammogram-period-ending-oct-1')?.numerator).toBe(true);
  });

  it('states the latest mammogram as evidence and the first one in the window as the day the numerator is met', () => {
    expect(results.get('mammograms-2024-2025-2026')).toMatchObject({
      numerator: true,
      evidence_date: '2026-09-14',
      numerator_changes: ['2025-11-20'],
    });
    expect(results.get('mammogram-dec-31')?.numerator_changes).toEqual(['2026-12-31']);
    expect(results.get('mammogram-sep-30')).toMatchObject({ numerator: false, numerator_changes: null });
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('does not count a mammogram before the window, after the period, not imaging or not final', () => {
    expect(results.get('mammogram-sep-30')).toMatchObject({
      numerator: false,
      gap: true,
      gap_reason: 'DateOutOfRange',
      gap_text: 'Last mammogram (24604-1) on 2024-09-30 is before 2024-10-01.',
      close_by: '2026-12-31',
    });
    expect(results.get('mammogram-2027')).toMatchObject({ numerator: false, gap_reason: 'NotFound' });
    expect(results.get('mammogram-not-imaging')).toMatchObject({ numerator: false, gap_reason: 'NotFound' });
    expect(results.get('mammogram-preliminary')).toMatchObject({ numerator: false, gap_reason: 'NotFound' });
  });
});

describe('CMS125 denominator exclusions', () => {
  it('excludes a bilateral mastectomy (procedure or history) on or before the end of the period', () => {
    expect(results.get('bilateral-procedure')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'BilateralMastectomy' });
    expect(results.get('bilateral-history')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'BilateralMastectomy' });
    expect(excluded('bilateral-procedure-2027')).toBe(false);
    expect(excluded('bilateral-history-refuted')).toBe(false);
  });

  it('does not take a mastectomy diagnosis without onset or abatement (its prevalence interval is null)', () => {
    expect(excluded('bilateral-history-no-onset')).toBe(false);
    expect(excluded('left-procedure-right-diagnosis-no-onset')).toBe(false);
    expect(results.get('bilateral-history-no-onset-abated')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'BilateralMastectomy' });
  });

  it('excludes a right and a left mastectomy, by procedure, diagnosis or the laterality of an unspecified one', () => {
    expect(results.get('left-procedure-right-diagnosis')).toMatchObject({
      denominator_exclusion: true,
      exclusion_reason: 'RightAndLeftMastectomy',
      evidence_date: '2026-12-31',
    });
    expect(excluded('unspecified-left-and-right')).toBe(true);
    expect(excluded('right-diagnosis-2027')).toBe(false);
    expect(excluded('left-only')).toBe(false);
  });

  it('excludes hospice and palliative care, and exclusion wins over the numerator', () => {
    expect(results.get('hospice-and-mammogram')).toMatchObject({ denominator_exclusion: true, numerator: false, gap: false, exclusion_reason: 'Hospice' });
    expect(results.get('palliative')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'PalliativeCare' });
  });

  it('excludes frailty with advanced illness and long-term nursing home residence from age 66', () => {
    expect(results.get('frail-ill-66')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'AdvancedIllnessFrailty' });
    expect(excluded('frail-ill-65')).toBe(false);
    expect(excluded('frail-only-70')).toBe(false);
    expect(results.get('nursing-home-66')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'NursingHome' });
    expect(excluded('nursing-home-65')).toBe(false);
  });
});
