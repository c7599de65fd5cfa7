// CMS130 (Colorectal Cancer Screening) on hand-made patients, one per outcome. Measurement period 2026.
// Every patient without a stated variation: a man aged 60 at the end of the period with a finished office
// visit on 2026-03-02.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { condition, encounter, measureDb, observation, patient, procedure, resultsByPatient, numeratorChangeMismatches } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const FOBT = 'LOINC|12503-9';
const SDNA_FIT = 'LOINC|77353-1';
const CT_COLONOGRAPHY = 'LOINC|60515-4';
const SIGMOIDOSCOPY = 'CPT|45330';
const COLONOSCOPY = 'CPT|45378';
const COLON_CANCER = 'ICD10CM|C18.0';
const TOTAL_COLECTOMY = 'CPT|44150';
const NEGATIVE = 'SNOMEDCT|260385009';

let db: Database;
let results: Map<string, Record<string, unknown>>;

/** A patient in the initial population unless the age takes it away. */
async function adult(id: string, o: { age?: number; birth?: string } = {}) {
  await patient(db, id, o.birth ?? `${2026 - (o.age ?? 60)}-06-30`, 'male');
  await encounter(db, id, { code: OFFICE_VISIT, start: '2026-03-02T09:00:00' });
}

/** A laboratory test with a coded result unless `result` is false. */
const labTest = (id: string, code: string, at: string, o: { result?: boolean; status?: string } = {}) =>
  observation(db, id, { code, at, category: 'laboratory', status: o.status, valueCode: o.result === false ? undefined : NEGATIVE });

beforeAll(async () => {
  db = await measureDb('CMS130');
  // Initial population: age 46-75 at the end of the period with a qualifying encounter; any sex.
  await adult('age-45', { age: 45 });
  await adult('age-46', { birth: '1980-12-31' });
  await adult('age-50', { age: 50 });
  await adult('age-75', { age: 75 });
  await adult('age-76', { age: 76 });
  // AdultOutpatientEncounters 4.19.000 (Status 1.15.000): only 'finished' visits qualify.
  await patient(db, 'visit-in-progress', '1966-06-30', 'male');
  await encounter(db, 'visit-in-progress', { code: OFFICE_VISIT, start: '2026-03-02T09:00:00', status: 'in-progress' });

  // Numerator: each screening in its own look-back window, ending on or before the end of the period.
  await adult('fobt-jan-1');
  await labTest('fobt-jan-1', FOBT, '2026-01-01T08:00:00');
  await adult('fobt-without-result');
  await labTest('fobt-without-result', FOBT, '2026-05-01T08:00:00', { result: false });
  await adult('fobt-2025');
  await labTest('fobt-2025', FOBT, '2025-12-31T08:00:00');
  await adult('fobt-cancelled');
  await labTest('fobt-cancelled', FOBT, '2026-05-01T08:00:00', { status: 'cancelled' });
  // A result in a value[x] type the core row keeps no value column for (a Range, a text-only concept): ingest
  // sets has_value alone (FHIRHelpers.ToValue is non-null). A Quantity with a unit but no value is no result.
  await adult('fobt-range-result');
  await observation(db, 'fobt-range-result', { code: FOBT, at: '2026-05-01T08:00:00', category: 'laboratory', hasValue: true });
  await adult('sdna-unit-only-result');
  await observation(db, 'sdna-unit-only-result', { code: SDNA_FIT, at: '2026-05-01T08:00:00', unit: 'ng/mL' });
  await adult('sdna-2024');
  await observation(db, 'sdna-2024', { code: SDNA_FIT, at: '2024-01-01T08:00:00', value: 0 });
  await adult('sdna-2023');
  await observation(db, 'sdna-2023', { code: SDNA_FIT, at: '2023-12-31T08:00:00', value: 0 });
  await adult('ct-colonography-2022');
  await observation(db, 'ct-colonography-2022', { code: CT_COLONOGRAPHY, at: '2022-01-01T08:00:00', category: 'imaging' });
  await adult('ct-colonography-2021');
  await observation(db, 'ct-colonography-2021', { code: CT_COLONOGRAPHY, at: '2021-12-31T08:00:00', category: 'imaging' });
  await adult('sigmoidoscopy-2022');
  await procedure(db, 'sigmoidoscopy-2022', { code: SIGMOIDOSCOPY, at: '2022-01-01T08:00:00' });
  await adult('sigmoidoscopy-2021');
  await procedure(db, 'sigmoidoscopy-2021', { code: SIGMOIDOSCOPY, at: '2021-12-31T08:00:00' });
  await adult('colonoscopy-2017');
  await procedure(db, 'colonoscopy-2017', { code: COLONOSCOPY, at: '2017-01-01T08:00:00' });
  await adult('colonoscopy-2016');
  await procedure(db, 'colonoscopy-2016', { code: COLONOSCOPY, at: '2016-12-31T08:00:00' });
  await adult('colonoscopy-not-done');
  await procedure(db, 'colonoscopy-not-done', { code: COLONOSCOPY, at: '2026-05-01T08:00:00', status: 'not-done' });
  await adult('old-colonoscopy-new-fobt');
  await procedure(db, 'old-colonoscopy-new-fobt', { code: COLONOSCOPY, at: '2010-01-01T08:00:00' });
  await labTest('old-colonoscopy-new-fobt', FOBT, '2026-09-01T08:00:00');
  await adult('colonoscopy-2019-fobt-2026');
  await procedure(db, 'colonoscopy-2019-fobt-2026', { code: COLONOSCOPY, at: '2019-06-01T08:00:00' });
  await labTest('colonoscopy-2019-fobt-2026', FOBT, '2026-10-01T08:00:00');
  await adult('fobt-unresulted-then-resulted');
  await labTest('fobt-unresulted-then-resulted', FOBT, '2026-03-05T08:00:00', { result: false });
  await labTest('fobt-unresulted-then-resulted', FOBT, '2026-08-10T08:00:00');

  // Exclusions.
  await adult('colon-cancer-resolved');
  await condition(db, 'colon-cancer-resolved', { code: COLON_CANCER, onset: '2019-04-01', clinicalStatus: 'resolved', abatement: '2020-01-01' });
  // prevalenceInterval() of a condition without onset or abatement is Interval[null, null]: null, so it never
  // "starts on or before" anything; with an abatement its unknown (closed) start is the beginning of time.
  await adult('colon-cancer-no-onset');
  await condition(db, 'colon-cancer-no-onset', { code: COLON_CANCER });
  await adult('colon-cancer-no-onset-abated');
  await condition(db, 'colon-cancer-no-onset-abated', { code: COLON_CANCER, clinicalStatus: 'resolved', abatement: '2020-01-01' });
  await adult('colon-cancer-2027');
  await condition(db, 'colon-cancer-2027', { code: COLON_CANCER, onset: '2027-01-01' });
  await adult('colectomy');
  await procedure(db, 'colectomy', { code: TOTAL_COLECTOMY, at: '2026-12-31T08:00:00' });
  await adult('colectomy-2027');
  await procedure(db, 'colectomy-2027', { code: TOTAL_COLECTOMY, at: '2027-01-01T08:00:00' });
  await adult('hospice-and-fobt');
  await encounter(db, 'hospice-and-fobt', { code: 'SNOMEDCT|183919006', start: '2026-11-01T10:00:00' });
  await labTest('hospice-and-fobt', FOBT, '2026-05-01T08:00:00');
  await adult('palliative');
  await condition(db, 'palliative', { code: 'ICD10CM|Z51.5', onset: '2026-04-01' });
  for (const [id, age] of [['frail-ill-66', 66], ['frail-ill-65', 65]] as const) {
    await adult(id, { age });
    await condition(db, id, { code: 'SNOMEDCT|10637031000119106', onset: '2026-02-01' });
    await condition(db, id, { code: 'SNOMEDCT|101421000119107', onset: '2025-03-01' });
  }
  for (const [id, age] of [['nursing-home-66', 66], ['nursing-home-65', 65]] as const) {
    await adult(id, { age });
    await observation(db, id, { code: 'LOINC|71802-3', at: '2026-02-01T10:00:00', valueCode: 'SNOMEDCT|160734000' });
  }

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms130'], asOf: '2026-01-01' });
  results = await resultsByPatient(db, runId, 'cms130');
});
afterAll(() => db.close());

const numerator = (id: string) => results.get(id)?.numerator;
const excluded = (id: string) => results.get(id)?.denominator_exclusion;

describe('CMS130 initial population', () => {
  it('takes patients aged 46-75 at the end of the period with a qualifying encounter, stratified 46-49 and 50-75', () => {
    expect(results.has('age-45')).toBe(false);
    expect(results.has('age-76')).toBe(false);
    expect(results.has('visit-in-progress')).toBe(false);
    expect(results.get('age-46')).toMatchObject({ denominator: true, numerator: false, stratum: 'Stratification_1_1' });
    expect(results.get('age-50')).toMatchObject({ denominator: true, stratum: 'Stratification_1_2' });
    expect(results.get('age-75')).toMatchObject({ denominator: true, gap: true, gap_reason: 'NotFound' });
  });
});

describe('CMS130 numerator', () => {
  it('states the latest screening that counts as evidence and the first one as the day the numerator is met', () => {
    expect(results.get('colonoscopy-2019-fobt-2026')).toMatchObject({
      numerator: true,
      evidence_date: '2026-10-01',
      numerator_changes: ['2019-06-01'],
    });
    // a test without a result in its window does not count, so it does not start the numerator
    expect(results.get('fobt-unresulted-then-resulted')).toMatchObject({ numerator: true, numerator_changes: ['2026-08-10'] });
    expect(results.get('fobt-without-result')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('counts a resulted FOBT in the period only', () => {
    expect(results.get('fobt-jan-1')).toMatchObject({ numerator: true, gap: false, gap_reason: 'Present', evidence_date: '2026-01-01' });
    expect(results.get('fobt-without-result')).toMatchObject({
      numerator: false,
      gap_reason: 'NoResult',
      gap_text: 'FOBT (12503-9) on 2026-05-01 has no result.',
    });
    expect(results.get('fobt-2025')).toMatchObject({ numerator: false, gap_reason: 'DateOutOfRange' });
    expect(numerator('fobt-cancelled')).toBe(false);
  });

  it('counts a result of any value[x] type (CQL `value is not null`), not a unit without a value', () => {
    expect(results.get('fobt-range-result')).toMatchObject({ numerator: true, gap_reason: 'Present', evidence_date: '2026-05-01' });
    expect(results.get('sdna-unit-only-result')).toMatchObject({ numerator: false, gap_reason: 'NoResult' });
  });

  it('counts stool DNA with FIT from 2 years, CT colonography and sigmoidoscopy from 4, colonoscopy from 9 years before', () => {
    expect(numerator('sdna-2024')).toBe(true);
    expect(numerator('sdna-2023')).toBe(false);
    expect(numerator('ct-colonography-2022')).toBe(true);
    expect(numerator('ct-colonography-2021')).toBe(false);
    expect(numerator('sigmoidoscopy-2022')).toBe(true);
    expect(results.get('sigmoidoscopy-2021')).toMatchObject({ numerator: false, gap_reason: 'DateOutOfRange' });
    expect(numerator('colonoscopy-2017')).toBe(true);
    expect(numerator('colonoscopy-2016')).toBe(false);
    expect(numerator('colonoscopy-not-done')).toBe(false);
  });

  it('reports the screening that counts over an older one', () => {
    expect(results.get('old-colonoscopy-new-fobt')).toMatchObject({ numerator: true, evidence_date: '2026-09-01', evidence_table: 'observation' });
  });
});

describe('CMS130 denominator exclusions', () => {
  it('excludes colorectal cancer and total colectomy on or before the end of the period', () => {
    expect(results.get('colon-cancer-resolved')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'ColorectalCancer' });
    expect(results.get('colectomy')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'TotalColectomy' });
    expect(excluded('colon-cancer-2027')).toBe(false);
    expect(excluded('colectomy-2027')).toBe(false);
  });

  it('does not take colorectal cancer without onset or abatement (its prevalence interval is null)', () => {
    expect(excluded('colon-cancer-no-onset')).toBe(false);
    expect(results.get('colon-cancer-no-onset-abated')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'ColorectalCancer' });
  });

  it('excludes hospice and palliative care, and exclusion wins over the numerator', () => {
    expect(results.get('hospice-and-fobt')).toMatchObject({ denominator_exclusion: true, numerator: false, gap: false, exclusion_reason: 'Hospice' });
    expect(results.get('palliative')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'PalliativeCare' });
  });

  it('excludes frailty with advanced illness and long-term nursing home residence from age 66', () => {
    expect(results.get('frail-ill-66')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'AdvancedIllnessFrailty' });
    expect(excluded('frail-ill-65')).toBe(false);
    expect(results.get('nursing-home-66')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'NursingHome' });
    expect(excluded('nursing-home-65')).toBe(false);
  });
});
