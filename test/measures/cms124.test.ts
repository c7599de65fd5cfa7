// CMS124 (Cervical Cancer Screening) on hand-made patients, one per outcome. Measurement period 2026.
// Every patient without a stated variation: a woman born 1986-06-30 (40) with a finished office visit on
// 2026-03-02. Run together with CMS125, so the annual wellness visit role exists but must not qualify here.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestFolder } from '../../server/ingest/orchestrator.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';
import { condition, encounter, measureDb, observation, outcomeOf, patient, procedure, resultsByPatient, numeratorChangeMismatches } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const TELEPHONE_VISIT = 'CPT|98966';
const ANNUAL_WELLNESS_VISIT = 'SNOMEDCT|444971000124105';
const PAP_TEST = 'LOINC|10524-7';
const HPV_TEST = 'LOINC|21440-3';
const HYSTERECTOMY = 'CPT|58150';
const ABSENCE_OF_CERVIX = 'ICD10CM|Q51.5';
const NEGATIVE = 'SNOMEDCT|260385009';

let db: Database;
let results: Map<string, Record<string, unknown>>;
let root: string | undefined;

/** A woman in the initial population unless the options take something away. */
async function woman(id: string, o: { birth?: string; sex?: string; visit?: string | null; visitCode?: string; visitEnd?: string } = {}) {
  await patient(db, id, o.birth ?? '1986-06-30', o.sex ?? 'female');
  if (o.visit !== null) await encounter(db, id, { code: o.visitCode ?? OFFICE_VISIT, start: o.visit ?? '2026-03-02T09:00:00', end: o.visitEnd });
}

/** A laboratory test with a coded result unless `result` is false. */
const labTest = (id: string, code: string, at: string, result = true) =>
  observation(db, id, { code, at, category: 'laboratory', valueCode: result ? NEGATIVE : undefined });

beforeAll(async () => {
  db = await measureDb('CMS124', 'CMS125');
  // Initial population: women aged 24-64 at the end of the period with one of the measure's encounters.
  await woman('age-23', { birth: '2003-01-01' });
  await woman('age-24', { birth: '2002-12-31' });
  await woman('age-64', { birth: '1962-01-01' });
  await woman('age-65', { birth: '1961-12-31' });
  await woman('male', { sex: 'male' });
  await woman('telephone-visit', { visitCode: TELEPHONE_VISIT });
  await woman('wellness-visit-only', { visitCode: ANNUAL_WELLNESS_VISIT });
  await woman('visit-into-2027', { visit: '2026-12-31T22:00:00', visitEnd: '2027-01-01T01:00:00' });

  // Numerator: resulted cytology from 2 years before the period, or HPV test from 4 years before at age 30+.
  await woman('cytology-2024');
  await labTest('cytology-2024', PAP_TEST, '2024-01-01T08:00:00');
  await woman('cytology-2023');
  await labTest('cytology-2023', PAP_TEST, '2023-12-31T08:00:00');
  await woman('cytology-at-21', { birth: '2002-12-31' });
  await labTest('cytology-at-21', PAP_TEST, '2024-06-01T08:00:00');
  await woman('cytology-without-result');
  await labTest('cytology-without-result', PAP_TEST, '2026-04-01T08:00:00', false);
  await woman('hpv-on-30th-birthday', { birth: '1994-05-01' });
  await labTest('hpv-on-30th-birthday', HPV_TEST, '2024-05-01T08:00:00');
  await woman('hpv-day-before-30', { birth: '1994-05-01' });
  await labTest('hpv-day-before-30', HPV_TEST, '2024-04-30T08:00:00');
  await woman('hpv-2022');
  await labTest('hpv-2022', HPV_TEST, '2022-01-01T08:00:00');
  await woman('hpv-2021');
  await labTest('hpv-2021', HPV_TEST, '2021-12-31T08:00:00');
  await woman('hpv-at-29-then-cytology', { birth: '1994-05-01' });
  await labTest('hpv-at-29-then-cytology', HPV_TEST, '2023-06-01T08:00:00');
  await labTest('hpv-at-29-then-cytology', PAP_TEST, '2025-02-01T08:00:00');
  await labTest('hpv-at-29-then-cytology', PAP_TEST, '2026-07-01T08:00:00');

  // Exclusions.
  await woman('hysterectomy');
  await procedure(db, 'hysterectomy', { code: HYSTERECTOMY, at: '2026-12-31T08:00:00' });
  await woman('hysterectomy-2027');
  await procedure(db, 'hysterectomy-2027', { code: HYSTERECTOMY, at: '2027-01-01T08:00:00' });
  await woman('absence-of-cervix');
  await condition(db, 'absence-of-cervix', { code: ABSENCE_OF_CERVIX, onset: '1986-06-30' });
  // Same day: the hysterectomy (the CQL's first kind of "Absence of Cervix") is the reported evidence.
  await woman('hysterectomy-and-diagnosis-same-day');
  await condition(db, 'hysterectomy-and-diagnosis-same-day', { code: ABSENCE_OF_CERVIX, onset: '2025-01-01T08:00:00' });
  await procedure(db, 'hysterectomy-and-diagnosis-same-day', { code: HYSTERECTOMY, at: '2025-01-01T08:00:00' });
  await woman('absence-of-cervix-entered-in-error');
  await condition(db, 'absence-of-cervix-entered-in-error', { code: ABSENCE_OF_CERVIX, onset: '2020-01-01', verificationStatus: 'entered-in-error' });
  await woman('hospice-and-cytology');
  await encounter(db, 'hospice-and-cytology', { code: 'SNOMEDCT|183919006', start: '2026-11-01T10:00:00' });
  await labTest('hospice-and-cytology', PAP_TEST, '2026-05-01T08:00:00');
  await woman('palliative');
  await condition(db, 'palliative', { code: 'ICD10CM|Z51.5', onset: '2026-04-01' });

  // Audit probes (CQL edge cases).
  await patient(db, 'sex-ext-male-gender-female', '1986-06-30', 'female', null, '248153007');
  await encounter(db, 'sex-ext-male-gender-female', { code: OFFICE_VISIT, start: '2026-03-02T09:00:00' });
  await patient(db, 'sex-ext-female-gender-male', '1986-06-30', 'male', null, '248152002');
  await encounter(db, 'sex-ext-female-gender-male', { code: OFFICE_VISIT, start: '2026-03-02T09:00:00' });
  await patient(db, 'visit-cancelled', '1986-06-30');
  await encounter(db, 'visit-cancelled', { code: OFFICE_VISIT, start: '2026-03-02T09:00:00', status: 'cancelled' });
  // Status 1.15.000 isEncounterPerformed: only 'finished' (1.13.000 also took arrived, in-progress, ...).
  await patient(db, 'visit-in-progress', '1986-06-30');
  await encounter(db, 'visit-in-progress', { code: OFFICE_VISIT, start: '2026-03-02T09:00:00', status: 'in-progress' });
  await woman('hpv-without-result');
  await labTest('hpv-without-result', HPV_TEST, '2026-04-01T08:00:00', false);
  await woman('cytology-preliminary');
  await observation(db, 'cytology-preliminary', { code: PAP_TEST, at: '2026-04-01T08:00:00', category: 'laboratory', valueCode: NEGATIVE, status: 'preliminary' });
  await woman('cytology-amended');
  await observation(db, 'cytology-amended', { code: PAP_TEST, at: '2026-04-01T08:00:00', category: 'laboratory', valueCode: NEGATIVE, status: 'amended' });
  await woman('cytology-2027');
  await labTest('cytology-2027', PAP_TEST, '2027-01-01T08:00:00');
  await woman('hysterectomy-2010');
  await procedure(db, 'hysterectomy-2010', { code: HYSTERECTOMY, at: '2010-01-01T08:00:00' });
  await woman('hysterectomy-not-completed');
  await procedure(db, 'hysterectomy-not-completed', { code: HYSTERECTOMY, at: '2026-05-01T08:00:00', status: 'in-progress' });
  await woman('absence-of-cervix-no-onset');
  await condition(db, 'absence-of-cervix-no-onset', { code: ABSENCE_OF_CERVIX });
  await woman('absence-of-cervix-no-onset-abated');
  await condition(db, 'absence-of-cervix-no-onset-abated', { code: ABSENCE_OF_CERVIX, clinicalStatus: 'resolved', abatement: '2021-01-01' });
  await woman('absence-of-cervix-2027');
  await condition(db, 'absence-of-cervix-2027', { code: ABSENCE_OF_CERVIX, onset: '2027-01-01T08:00:00' });
  await woman('absence-of-cervix-refuted');
  await condition(db, 'absence-of-cervix-refuted', { code: ABSENCE_OF_CERVIX, onset: '2020-01-01', verificationStatus: 'refuted' });
  await woman('absence-of-cervix-resolved');
  await condition(db, 'absence-of-cervix-resolved', { code: ABSENCE_OF_CERVIX, onset: '2020-01-01', clinicalStatus: 'resolved', abatement: '2021-01-01' });

  // Results sent as FHIR in value[x] types the core row keeps no value column for: `value is not null`
  // (FHIRHelpers.ToValue) holds for a text-only CodeableConcept and a Range, not for a Quantity without a value.
  const sentAs = (patientId: string, code: string, value: Record<string, unknown>) => ({
    resourceType: 'Observation',
    id: `${patientId}-result`,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: code.split('|')[1] }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2026-04-01T08:00:00Z',
    ...value,
  });
  await woman('cytology-text-only-result');
  await woman('hpv-range-result');
  await woman('cytology-unit-only-result');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-cms124-'));
  const folder = await writePracticeFolder(path.join(root, 't'), { practice_id: 't', name: 't', format: 'fhir' }, {
    'Observation.ndjson': [
      sentAs('cytology-text-only-result', PAP_TEST, { valueCodeableConcept: { text: 'Negative for intraepithelial lesion or malignancy' } }),
      sentAs('hpv-range-result', HPV_TEST, { valueRange: { low: { value: 0 }, high: { value: 1 } } }),
      sentAs('cytology-unit-only-result', PAP_TEST, { valueQuantity: { unit: '1', system: 'http://unitsofmeasure.org', code: '1' } }),
    ].map((r) => JSON.stringify(r)).join('\n') + '\n',
  });
  await ingestFolder(db, folder);

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms124', 'cms125'], asOf: '2026-01-01' });
  results = await resultsByPatient(db, runId, 'cms124');
});
afterAll(async () => {
  db.close();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const numerator = (id: string) => results.get(id)?.numerator;
const excluded = (id: string) => results.get(id)?.denominator_exclusion;

describe('CMS124 initial population', () => {
  it('takes women aged 24-64 at the end of the period', () => {
    expect(results.has('age-23')).toBe(false);
    expect(results.has('age-65')).toBe(false);
    expect(results.has('male')).toBe(false);
    expect(results.get('age-24')).toMatchObject({ denominator: true, numerator: false, gap: true, gap_reason: 'NotFound' });
    expect(results.get('age-64')).toMatchObject({ denominator: true, stratum: null });
  });

  it("uses the measure's own encounter list (no annual wellness visit), during the period", () => {
    expect(results.has('telephone-visit')).toBe(true);
    expect(results.has('wellness-visit-only')).toBe(false);
    expect(results.has('visit-into-2027')).toBe(false);
  });
});

describe('CMS124 numerator', () => {
  it('states the latest test that counts as evidence and the first one as the day the numerator is met', () => {
    // the HPV test at 29 does not count, so the numerator is met by the first cytology
    expect(results.get('hpv-at-29-then-cytology')).toMatchObject({
      numerator: true,
      evidence_date: '2026-07-01',
      numerator_changes: ['2025-02-01'],
    });
    expect(results.get('cytology-2023')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('counts resulted cervical cytology in the period or the 2 years before, at any age', () => {
    expect(results.get('cytology-2024')).toMatchObject({ numerator: true, gap: false, gap_reason: 'Present', evidence_date: '2024-01-01' });
    expect(results.get('cytology-2023')).toMatchObject({
      numerator: false,
      gap_reason: 'DateOutOfRange',
      gap_text: 'Last test, Cervical cytology (10524-7) on 2023-12-31, is too old to count for this period.',
    });
    expect(numerator('cytology-at-21')).toBe(true);
    expect(results.get('cytology-without-result')).toMatchObject({ numerator: false, gap_reason: 'NoResult' });
  });

  it('counts a resulted HPV test in the period or the 4 years before, taken at age 30 or older', () => {
    expect(numerator('hpv-on-30th-birthday')).toBe(true);
    expect(results.get('hpv-day-before-30')).toMatchObject({ numerator: false, gap_reason: 'NotFound' });
    expect(numerator('hpv-2022')).toBe(true);
    expect(numerator('hpv-2021')).toBe(false);
  });
});

describe('CMS124 denominator exclusions', () => {
  it('excludes absence of the cervix (hysterectomy or diagnosis) on or before the end of the period', () => {
    expect(results.get('hysterectomy')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'AbsenceOfCervix' });
    expect(results.get('absence-of-cervix')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'AbsenceOfCervix' });
    expect(excluded('hysterectomy-2027')).toBe(false);
    expect(excluded('absence-of-cervix-entered-in-error')).toBe(false);
  });

  it('reports the hysterectomy when a diagnosis of absence of the cervix has the same date', () => {
    expect(results.get('hysterectomy-and-diagnosis-same-day')).toMatchObject({
      denominator_exclusion: true,
      evidence_table: 'procedure',
      evidence_date: '2025-01-01',
      gap_text: 'Excluded (AbsenceOfCervix): 58150 on 2025-01-01.',
    });
  });

  it('excludes hospice and palliative care, and exclusion wins over the numerator', () => {
    expect(results.get('hospice-and-cytology')).toMatchObject({ denominator_exclusion: true, numerator: false, gap: false, exclusion_reason: 'Hospice' });
    expect(results.get('palliative')).toMatchObject({ denominator_exclusion: true, exclusion_reason: 'PalliativeCare' });
  });
});

describe('CMS124 audit probes', () => {
  const outcome = (id: string) => outcomeOf(results.get(id));
  it.each([
    // Patient.sex (the US Core sex extension) decides, not the administrative gender.
    ['sex-ext-male-gender-female', 'not in initial population'],
    ['sex-ext-female-gender-male', 'not numerator: NotFound'],
    ['visit-cancelled', 'not in initial population'],
    ['visit-in-progress', 'not in initial population'],
    ['hpv-without-result', 'not numerator: NoResult'],
    ['cytology-preliminary', 'not numerator: NotFound'],
    ['cytology-amended', 'numerator: Present'],
    ['cytology-2027', 'not numerator: NotFound'],
    ['hysterectomy-2010', 'excluded: AbsenceOfCervix'],
    ['hysterectomy-not-completed', 'not numerator: NotFound'],
    // prevalenceInterval() without onset starts at the beginning of time only when it has an end: without
    // abatement it is Interval[null, null], which starts on or before nothing.
    ['absence-of-cervix-no-onset', 'not numerator: NotFound'],
    ['absence-of-cervix-no-onset-abated', 'excluded: AbsenceOfCervix'],
    ['absence-of-cervix-2027', 'not numerator: NotFound'],
    ['absence-of-cervix-refuted', 'not numerator: NotFound'],
    // Only the start of the prevalence matters: a resolved absence of the cervix still excludes.
    ['absence-of-cervix-resolved', 'excluded: AbsenceOfCervix'],
    // FHIR results in other value[x] types (FHIRHelpers 4.4.000 ToConcept / ToInterval / ToQuantity).
    ['cytology-text-only-result', 'numerator: Present'],
    ['hpv-range-result', 'numerator: Present'],
    ['cytology-unit-only-result', 'not numerator: NoResult'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});
