// CMS165 (Controlling High Blood Pressure, CMS165FHIRControllingHighBloodPressure 0.5.000) on hand-made
// patients, one per outcome. Measurement period 2026. Every patient without a stated variation: female, born 1960-06-15, a finished office visit on
// 2026-03-10 and active essential hypertension since 2019.
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
  procedure,
  resultsByPatient, outcomeOf,
  numeratorChangeMismatches,
} from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const HYPERTENSION = 'SNOMEDCT|59621000';
const BP = 'LOINC|85354-9';
const INPATIENT = 'SNOMEDCT|183452005'; // Encounter Inpatient
const ED_VISIT = 'CPT|99283'; // Emergency Department Evaluation and Management Visit

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function hypertensive(id: string, o: { birth?: string; onset?: string } = {}) {
  await patient(db, id, o.birth ?? '1960-06-15');
  await encounter(db, id, { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, id, { code: HYPERTENSION, onset: o.onset ?? '2019-01-01' });
}

const bp = (id: string, at: string, systolic: number | undefined, diastolic: number | undefined, encounterId?: string) =>
  observation(db, id, { code: BP, at, systolic, diastolic, encounterId });

beforeAll(async () => {
  db = await measureDb('CMS165');
  // Initial population boundaries.
  await hypertensive('age18', { birth: '2008-12-31' });
  await hypertensive('age17', { birth: '2009-01-01' });
  // AdultOutpatientEncounters 4.19.000 (Status 1.15.000): only 'finished' visits qualify.
  await patient(db, 'visit-in-progress', '1960-06-15');
  await encounter(db, 'visit-in-progress', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00', status: 'in-progress' });
  await condition(db, 'visit-in-progress', { code: HYPERTENSION, onset: '2019-01-01' });
  await hypertensive('age85', { birth: '1941-12-31' });
  await hypertensive('age86', { birth: '1940-12-31' });
  await hypertensive('onset-jun30', { onset: '2026-06-30T23:59:59' });
  await hypertensive('onset-jul1', { onset: '2026-07-01T00:00:00' });

  // Numerator: lowest systolic and diastolic of the most recent BP day below 140/90.
  await hypertensive('bp-139-89');
  await bp('bp-139-89', '2026-05-01T10:00:00', 139, 89);
  await hypertensive('bp-140-80');
  await bp('bp-140-80', '2026-05-01T10:00:00', 140, 80);
  await hypertensive('bp-130-90');
  await bp('bp-130-90', '2026-05-01T10:00:00', 130, 90);
  await hypertensive('latest-day-wins-good');
  await bp('latest-day-wins-good', '2026-03-01T10:00:00', 150, 95);
  await bp('latest-day-wins-good', '2026-11-01T10:00:00', 120, 80);
  await hypertensive('latest-day-wins-bad');
  await bp('latest-day-wins-bad', '2026-03-01T10:00:00', 120, 80);
  await bp('latest-day-wins-bad', '2026-11-01T10:00:00', 150, 95);
  await hypertensive('same-day-lowest-of-each');
  await bp('same-day-lowest-of-each', '2026-11-01T09:00:00', 150, 85);
  await bp('same-day-lowest-of-each', '2026-11-01T16:00:00', 135, 95);
  await hypertensive('bp-dec31');
  await bp('bp-dec31', '2026-12-31T22:00:00', 120, 70);
  await hypertensive('bp-2027');
  await bp('bp-2027', '2027-01-01T08:00:00', 120, 70);
  await hypertensive('bp-jan1');
  await bp('bp-jan1', '2026-01-01T00:00:00', 120, 70);
  await hypertensive('bp-2025');
  await bp('bp-2025', '2025-12-31T10:00:00', 120, 70);
  await hypertensive('bp-in-emergency');
  await encounter(db, 'bp-in-emergency', { code: 'CPT|99283', start: '2026-05-01T09:00:00', classCode: 'EMER', id: 'er1' });
  await bp('bp-in-emergency', '2026-05-01T10:00:00', 120, 70, 'er1');
  await hypertensive('bp-missing-diastolic');
  await bp('bp-missing-diastolic', '2026-05-01T10:00:00', 120, undefined);
  await hypertensive('split-readings');
  await observation(db, 'split-readings', { code: 'LOINC|8480-6', at: '2026-05-01T10:00:00', systolic: 130 });
  await observation(db, 'split-readings', { code: 'LOINC|8462-4', at: '2026-05-01T10:01:00', diastolic: 80 });
  await hypertensive('systolic-only-later');
  await bp('systolic-only-later', '2026-03-01T10:00:00', 150, 95);
  await observation(db, 'systolic-only-later', { code: 'LOINC|8480-6', at: '2026-11-01T10:00:00', systolic: 120 });

  // Denominator exclusions.
  await hypertensive('esrd');
  await condition(db, 'esrd', { code: 'ICD10CM|N18.6', onset: '2024-01-01' });
  await bp('esrd', '2026-05-01T10:00:00', 120, 70);
  await hypertensive('pregnancy');
  await condition(db, 'pregnancy', { code: 'ICD10CM|O09.90', onset: '2026-04-01', clinicalStatus: 'resolved', abatement: '2026-09-01' });
  await hypertensive('dialysis');
  await procedure(db, 'dialysis', { code: 'CPT|90935', at: '2026-02-01T10:00:00' });
  await hypertensive('frail-only-81', { birth: '1945-01-01' });
  await deviceRequest(db, 'frail-only-81', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await hypertensive('frail-only-80', { birth: '1946-01-01' });
  await deviceRequest(db, 'frail-only-80', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await hypertensive('frail-dementia-med-75', { birth: '1951-01-01' });
  await deviceRequest(db, 'frail-dementia-med-75', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await medicationRequest(db, 'frail-dementia-med-75', { code: 'RXNORM|312836', authoredOn: '2026-05-01T10:00:00', supplyDays: 30 });
  await hypertensive('dementia-med-without-supply-75', { birth: '1951-01-01' });
  await deviceRequest(db, 'dementia-med-without-supply-75', { code: 'SNOMEDCT|183240000', authoredOn: '2026-04-01T10:00:00' });
  await medicationRequest(db, 'dementia-med-without-supply-75', { code: 'RXNORM|312836', authoredOn: '2026-05-01T10:00:00' });
  await hypertensive('hospice-dx');
  await condition(db, 'hospice-dx', { code: 'SNOMEDCT|170935008', onset: '2026-12-31T23:59:59' });

  // Audit probes (CQL edge cases).
  await patient(db, 'htn-inactive-no-abatement', '1960-06-15');
  await encounter(db, 'htn-inactive-no-abatement', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-inactive-no-abatement', { code: HYPERTENSION, onset: '2019-01-01', clinicalStatus: 'inactive' });
  await patient(db, 'htn-inactive-onset-in-window', '1960-06-15');
  await encounter(db, 'htn-inactive-onset-in-window', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-inactive-onset-in-window', { code: HYPERTENSION, onset: '2026-02-01', clinicalStatus: 'inactive' });
  await patient(db, 'htn-abated-2025', '1960-06-15');
  await encounter(db, 'htn-abated-2025', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-abated-2025', { code: HYPERTENSION, onset: '2019-01-01', clinicalStatus: 'resolved', abatement: '2025-12-31T23:00:00' });
  await hypertensive('inpatient-reading-later');
  await encounter(db, 'inpatient-reading-later', { code: 'SNOMEDCT|183452005', start: '2026-11-01T08:00:00', end: '2026-11-03T08:00:00', classCode: 'IMP', id: 'imp1' });
  await bp('inpatient-reading-later', '2026-05-01T10:00:00', 120, 70);
  await bp('inpatient-reading-later', '2026-11-02T10:00:00', 160, 100, 'imp1');
  await hypertensive('preliminary-reading-later');
  await bp('preliminary-reading-later', '2026-05-01T10:00:00', 120, 70);
  await observation(db, 'preliminary-reading-later', { code: BP, at: '2026-11-02T10:00:00', systolic: 160, diastolic: 100, status: 'preliminary' });
  await hypertensive('reading-period-ends-2027');
  await bp('reading-period-ends-2027', '2026-05-01T10:00:00', 150, 95);
  await observation(db, 'reading-period-ends-2027', { code: BP, at: '2026-12-31T23:00:00', end: '2027-01-01T00:30:00', systolic: 120, diastolic: 70 });
  // 0.5.000: verified() diagnoses ("Essential Hypertension Diagnosis", "Pregnancy or Renal Diagnosis").
  await patient(db, 'htn-refuted', '1960-06-15');
  await encounter(db, 'htn-refuted', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-refuted', { code: HYPERTENSION, onset: '2019-01-01', verificationStatus: 'refuted' });
  await patient(db, 'htn-entered-in-error', '1960-06-15');
  await encounter(db, 'htn-entered-in-error', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-entered-in-error', { code: HYPERTENSION, onset: '2019-01-01', verificationStatus: 'entered-in-error' });
  await patient(db, 'htn-unconfirmed', '1960-06-15');
  await encounter(db, 'htn-unconfirmed', { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
  await condition(db, 'htn-unconfirmed', { code: HYPERTENSION, onset: '2019-01-01', verificationStatus: 'unconfirmed' });
  await hypertensive('pregnancy-refuted');
  await condition(db, 'pregnancy-refuted', { code: 'ICD10CM|O09.90', onset: '2026-04-01', verificationStatus: 'refuted' });
  await bp('pregnancy-refuted', '2026-05-01T10:00:00', 120, 70);
  await hypertensive('esrd-entered-in-error');
  await condition(db, 'esrd-entered-in-error', { code: 'ICD10CM|N18.6', onset: '2024-01-01', verificationStatus: 'entered-in-error' });
  await hypertensive('esrd-confirmed');
  await condition(db, 'esrd-confirmed', { code: 'ICD10CM|N18.6', onset: '2024-01-01', verificationStatus: 'confirmed' });

  // 0.5.000: readings not during day of a finished inpatient or emergency department encounter qualify at
  // any date; in the period, readings not in an EMER/IMP/... class encounter still do (the union's 0.3.000 half).
  await hypertensive('bp-2027-after-controlled');
  await bp('bp-2027-after-controlled', '2026-05-01T10:00:00', 120, 70);
  await bp('bp-2027-after-controlled', '2027-02-01T10:00:00', 150, 95);
  await hypertensive('bp-2027-during-inpatient');
  await bp('bp-2027-during-inpatient', '2026-05-01T10:00:00', 120, 70);
  await encounter(db, 'bp-2027-during-inpatient', { code: INPATIENT, start: '2027-01-04T08:00:00', end: '2027-01-06T12:00:00', classCode: 'IMP' });
  await bp('bp-2027-during-inpatient', '2027-01-05T10:00:00', 160, 100);
  await hypertensive('bp-2027-during-inpatient-in-progress');
  await bp('bp-2027-during-inpatient-in-progress', '2026-05-01T10:00:00', 120, 70);
  await encounter(db, 'bp-2027-during-inpatient-in-progress', {
    code: INPATIENT, start: '2027-01-04T08:00:00', end: '2027-01-06T12:00:00', classCode: 'IMP', status: 'in-progress',
  });
  await bp('bp-2027-during-inpatient-in-progress', '2027-01-05T10:00:00', 160, 100);
  // During day of: a reading on the discharge day, after discharge, is still during the stay.
  await hypertensive('bp-2027-discharge-day');
  await bp('bp-2027-discharge-day', '2026-05-01T10:00:00', 120, 70);
  await encounter(db, 'bp-2027-discharge-day', { code: INPATIENT, start: '2027-01-04T08:00:00', end: '2027-01-06T12:00:00', classCode: 'IMP' });
  await bp('bp-2027-discharge-day', '2027-01-06T18:00:00', 160, 100);
  await hypertensive('bp-2027-day-after-discharge');
  await bp('bp-2027-day-after-discharge', '2026-05-01T10:00:00', 120, 70);
  await encounter(db, 'bp-2027-day-after-discharge', { code: INPATIENT, start: '2027-01-04T08:00:00', end: '2027-01-06T12:00:00', classCode: 'IMP' });
  await bp('bp-2027-day-after-discharge', '2027-01-07T10:00:00', 160, 100);
  await hypertensive('bp-2025-during-ed-visit');
  await encounter(db, 'bp-2025-during-ed-visit', { code: ED_VISIT, start: '2025-12-31T09:00:00', end: '2025-12-31T13:00:00' });
  await bp('bp-2025-during-ed-visit', '2025-12-31T10:00:00', 120, 70);
  // In the period, during a finished inpatient stay but referencing no encounter: the 0.3.000 half keeps it.
  await hypertensive('bp-during-inpatient-unlinked');
  await bp('bp-during-inpatient-unlinked', '2026-03-01T10:00:00', 150, 95);
  await encounter(db, 'bp-during-inpatient-unlinked', { code: INPATIENT, start: '2026-11-01T08:00:00', end: '2026-11-03T08:00:00', classCode: 'IMP' });
  await bp('bp-during-inpatient-unlinked', '2026-11-02T10:00:00', 120, 70);
  // In the period, during a finished emergency department visit it references (class EMER): in neither half.
  await hypertensive('bp-in-ed-visit-linked');
  await bp('bp-in-ed-visit-linked', '2026-03-01T10:00:00', 120, 70);
  await encounter(db, 'bp-in-ed-visit-linked', { code: ED_VISIT, start: '2026-11-02T09:00:00', end: '2026-11-02T13:00:00', classCode: 'EMER', id: 'er2' });
  await bp('bp-in-ed-visit-linked', '2026-11-02T10:00:00', 160, 100, 'er2');

  // Status 1.15.000: an ESRD monthly outpatient service counts only when finished.
  await hypertensive('esrd-monthly-in-progress');
  await encounter(db, 'esrd-monthly-in-progress', { code: 'CPT|90951', start: '2026-05-01T09:00:00', status: 'in-progress' });

  await hypertensive('esrd-monthly-2020');
  await encounter(db, 'esrd-monthly-2020', { code: 'CPT|90951', start: '2020-05-01T09:00:00' });
  await hypertensive('esrd-monthly-2027');
  await encounter(db, 'esrd-monthly-2027', { code: 'CPT|90951', start: '2027-01-01T09:00:00' });
  await hypertensive('kidney-transplant-2015');
  await procedure(db, 'kidney-transplant-2015', { code: 'ICD10PCS|0TY00Z0', at: '2015-05-01T09:00:00' });
  await hypertensive('kidney-transplant-not-done');
  await procedure(db, 'kidney-transplant-not-done', { code: 'ICD10PCS|0TY00Z0', at: '2026-05-01T09:00:00', status: 'not-done' });
  await hypertensive('pregnancy-ended-2025');
  await condition(db, 'pregnancy-ended-2025', { code: 'ICD10CM|O09.90', onset: '2025-04-01', clinicalStatus: 'resolved', abatement: '2025-12-31T23:00:00' });
  await hypertensive('transplant-recipient-inactive-2020');
  await condition(db, 'transplant-recipient-inactive-2020', { code: 'ICD10CM|Z94.0', onset: '2020-01-01', clinicalStatus: 'inactive' });

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms165'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms165');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS165 initial population', () => {
  it.each([
    ['age18', 'not numerator: NotFound'],
    ['age17', 'not in initial population'],
    ['visit-in-progress', 'not in initial population'],
    ['age85', 'not numerator: NotFound'],
    ['age86', 'not in initial population'],
    ['onset-jun30', 'not numerator: NotFound'],
    ['onset-jul1', 'not in initial population'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS165 numerator (most recent BP day below 140/90)', () => {
  it.each([
    ['bp-139-89', 'numerator: Present'],
    ['bp-140-80', 'not numerator: ValueOutOfRange'],
    ['bp-130-90', 'not numerator: ValueOutOfRange'],
    ['latest-day-wins-good', 'numerator: Present'],
    ['latest-day-wins-bad', 'not numerator: ValueOutOfRange'],
    ['same-day-lowest-of-each', 'numerator: Present'],
    ['bp-dec31', 'numerator: Present'],
    ['bp-jan1', 'numerator: Present'],
    // 0.5.000: a reading outside the period counts unless it is during day of a finished inpatient or
    // emergency department encounter (no measurement-period bound on that half of the union).
    ['bp-2027', 'numerator: Present'],
    ['bp-2025', 'numerator: Present'],
    ['bp-in-emergency', 'not numerator: NotFound'],
    ['bp-missing-diastolic', 'not numerator: NoResult'],
    ['split-readings', 'numerator: Present'],
    ['systolic-only-later', 'not numerator: ValueOutOfRange'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the days the numerator began or stopped holding, as each blood pressure day says', () => {
    expect(results.get('latest-day-wins-good')?.numerator_changes).toEqual(['2026-11-01']);
    expect(results.get('latest-day-wins-bad')?.numerator_changes).toEqual(['2026-03-01', '2026-11-01']);
    // 0.5.000 counts readings outside the period: controlled since 2025, lost after the period
    expect(results.get('bp-2025')?.numerator_changes).toEqual(['2025-12-31']);
    expect(results.get('bp-2027-after-controlled')?.numerator_changes).toEqual(['2026-05-01', '2027-02-01']);
    expect(results.get('bp-missing-diastolic')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('reports the lowest systolic and diastolic of the day as the evidence', () => {
    expect(results.get('same-day-lowest-of-each')).toMatchObject({
      gap: false,
      evidence_date: '2026-11-01',
      evidence_value: '135/85 mm[Hg]',
      gap_text: 'Most recent blood pressure 135/85 mm[Hg] on 2026-11-01 is below 140/90.',
    });
    expect(results.get('latest-day-wins-bad')).toMatchObject({
      gap: true,
      gap_text: 'Most recent blood pressure 150/95 mm[Hg] on 2026-11-01 is not below 140/90.',
      close_by: '2026-12-31',
    });
  });
});

describe('CMS165 denominator exclusions', () => {
  it.each([
    ['esrd', 'excluded: EndStageRenalDisease'],
    ['pregnancy', 'excluded: Pregnancy'],
    ['dialysis', 'excluded: EndStageRenalDiseaseProcedure'],
    ['frail-only-81', 'excluded: AdvancedIllnessFrailty'],
    ['frail-only-80', 'not numerator: NotFound'],
    ['frail-dementia-med-75', 'excluded: AdvancedIllnessFrailty'],
    ['dementia-med-without-supply-75', 'not numerator: NotFound'],
    ['hospice-dx', 'excluded: Hospice'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('lets the exclusion win over a controlled reading', () => {
    expect(results.get('esrd')).toMatchObject({ denominator: true, denominator_exclusion: true, numerator: false, gap: false });
  });
});

describe('CMS165 0.5.000 verified() diagnoses', () => {
  it.each([
    ['htn-refuted', 'not in initial population'],
    ['htn-entered-in-error', 'not in initial population'],
    ['htn-unconfirmed', 'not numerator: NotFound'],
    ['pregnancy-refuted', 'numerator: Present'],
    ['esrd-entered-in-error', 'not numerator: NotFound'],
    ['esrd-confirmed', 'excluded: EndStageRenalDisease'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS165 0.5.000 qualifying blood pressure readings', () => {
  it.each([
    ['bp-2027-after-controlled', 'not numerator: ValueOutOfRange'],
    // A finished inpatient stay disqualifies the 2027 reading: the controlled 2026 day decides.
    ['bp-2027-during-inpatient', 'numerator: Present'],
    // Status 1.15.000: an in-progress stay is not performed and disqualifies nothing.
    ['bp-2027-during-inpatient-in-progress', 'not numerator: ValueOutOfRange'],
    ['bp-2027-discharge-day', 'numerator: Present'],
    ['bp-2027-day-after-discharge', 'not numerator: ValueOutOfRange'],
    ['bp-2025-during-ed-visit', 'not numerator: NotFound'],
    ['bp-during-inpatient-unlinked', 'numerator: Present'],
    ['bp-in-ed-visit-linked', 'numerator: Present'],
    ['esrd-monthly-in-progress', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('says when the most recent day is outside the period', () => {
    expect(results.get('bp-2025')).toMatchObject({
      gap: false,
      evidence_date: '2025-12-31',
      evidence_value: '120/70 mm[Hg]',
      evidence_table: 'observation',
      gap_text: 'Most recent blood pressure 120/70 mm[Hg] on 2025-12-31 (before the measurement period) is below 140/90.',
      close_by: null,
      close_action: null,
    });
    // Only a reading later than a most recent day after the period can replace it: no deadline.
    expect(results.get('bp-2027-after-controlled')).toMatchObject({
      gap: true,
      evidence_date: '2027-02-01',
      evidence_value: '150/95 mm[Hg]',
      gap_text: 'Most recent blood pressure 150/95 mm[Hg] on 2027-02-01 (after the measurement period) is not below 140/90.',
      close_by: null,
      close_action: 'Adjust treatment and recheck; a later outpatient reading below 140/90 closes the gap.',
    });
    expect(results.get('bp-2025-during-ed-visit')).toMatchObject({
      gap: true,
      evidence_date: null,
      gap_text: 'No qualifying blood pressure reading (readings taken during an inpatient or emergency department stay do not count).',
      close_by: '2026-12-31',
    });
  });
});

describe('CMS165 audit probes', () => {
  it.each([
    // prevalenceInterval() of an inactive condition without abatement: [onset, null), an unknown end; its
    // overlap with the first six months is null, even for an onset in them (cql-execution).
    ['htn-inactive-no-abatement', 'not in initial population'],
    ['htn-inactive-onset-in-window', 'not in initial population'],
    ['htn-abated-2025', 'not in initial population'],
    // Readings in inpatient encounters or not final are not qualifying readings: the earlier day decides.
    ['inpatient-reading-later', 'numerator: Present'],
    ['preliminary-reading-later', 'numerator: Present'],
    // effective.latest() of a period is its end (2027): outside the period, but in no inpatient or emergency
    // department stay, so 0.5.000 takes it and 2027-01-01 is the most recent day.
    ['reading-period-ends-2027', 'numerator: Present'],
    ['esrd-monthly-2020', 'excluded: EndStageRenalDiseaseEncounter'],
    ['esrd-monthly-2027', 'not numerator: NotFound'],
    ['kidney-transplant-2015', 'excluded: EndStageRenalDiseaseProcedure'],
    ['kidney-transplant-not-done', 'not numerator: NotFound'],
    ['pregnancy-ended-2025', 'not numerator: NotFound'],
    ['transplant-recipient-inactive-2020', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});
