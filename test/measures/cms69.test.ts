// CMS69 (BMI Screening and Follow-Up Plan) on hand-made patients, one per outcome.
// Measurement period 2026. Every patient without a stated variation: born 1970-01-01 and a finished
// ambulatory BMI-evaluation visit on 2026-03-10 09:00-09:30.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import {
  condition,
  encounter,
  measureDb,
  medicationRequest,
  observation,
  patient,
  procedure,
  resultsByPatient,
  serviceRequest, outcomeOf,
  numeratorChangeMismatches,
} from './core-rows.ts';

const BMI_VISIT = 'SNOMEDCT|10197000';
const BMI = 'LOINC|39156-5';
const VISIT_DAY = '2026-03-10T09:15:00';
const OBESITY = 'ICD10CM|E66.01'; // Overweight or Obese
const OVERWEIGHT = 'SNOMEDCT|162863004'; // Overweight or Obese
const UNDERWEIGHT = 'SNOMEDCT|248342006'; // Underweight
const UNDERWEIGHT_ICD = 'ICD10CM|R63.6'; // Underweight
const DIET_EDUCATION = 'SNOMEDCT|11816003'; // Follow Up for Above / Below Normal BMI
const DIETITIAN_REFERRAL = 'SNOMEDCT|103699006'; // Referrals Where Weight Assessment May Occur
const PHENTERMINE = 'RXNORM|1112982'; // Medications for Above Normal BMI
const DRONABINOL = 'RXNORM|1928948'; // Medications for Below Normal BMI
const CONTRAINDICATED = 'SNOMEDCT|183932001'; // Medical Reason
const RELIGIOUS_REFUSAL = 'SNOMEDCT|183945002'; // Patient Declined

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function visitor(id: string, o: { birth?: string; start?: string; classCode?: string } = {}) {
  const start = o.start ?? '2026-03-10T09:00:00';
  await patient(db, id, o.birth ?? '1970-01-01');
  await encounter(db, id, { code: BMI_VISIT, start, end: start.replace('09:00', '09:30'), classCode: o.classCode });
}

const bmi = (id: string, value: number, o: { at?: string; status?: string; category?: string | null } = {}) =>
  observation(db, id, {
    code: BMI,
    at: o.at ?? VISIT_DAY,
    value,
    unit: 'kg/m2',
    status: o.status,
    category: o.category === null ? undefined : (o.category ?? 'vital-signs'),
  });

async function measured(id: string, value: number) {
  await visitor(id);
  await bmi(id, value);
}

beforeAll(async () => {
  db = await measureDb('CMS69');
  // Initial population: age on the day of the visit, not at the start of the period.
  await visitor('age18-on-visit-day', { birth: '2008-03-10' });
  await visitor('age17-on-visit-day', { birth: '2008-03-11' });
  await visitor('virtual-visit', { classCode: 'VR' });
  await visitor('visit-2027', { start: '2027-01-04T09:00:00' });

  // Numerator: BMI during the period.
  await measured('normal', 22);
  await measured('normal-18.5', 18.5);
  await visitor('normal-without-category');
  await bmi('normal-without-category', 22, { category: null });
  await visitor('normal-as-procedure-observation');
  await bmi('normal-as-procedure-observation', 22, { category: 'procedure' });
  await visitor('normal-preliminary');
  await bmi('normal-preliminary', 22, { status: 'preliminary' });
  await visitor('normal-2025');
  await bmi('normal-2025', 22, { at: '2025-12-31T10:00:00' });
  await measured('high-no-follow-up', 25);
  await measured('normal-and-high', 22);
  await bmi('normal-and-high', 27, { at: '2026-09-01T10:00:00' });
  await measured('normal-then-high-followed-up', 22);
  await bmi('normal-then-high-followed-up', 27, { at: '2026-09-01T10:00:00' });
  await procedure(db, 'normal-then-high-followed-up', { code: DIET_EDUCATION, at: '2026-11-05T10:00:00', reason: OBESITY });

  // Numerator: follow-up of a high BMI.
  await measured('high-diet-education-for-obesity', 31);
  await procedure(db, 'high-diet-education-for-obesity', { code: DIET_EDUCATION, at: VISIT_DAY, reason: OBESITY });
  await measured('high-diet-education-overweight-dx', 27);
  await condition(db, 'high-diet-education-overweight-dx', { code: OVERWEIGHT, onset: '2025-01-01' });
  await procedure(db, 'high-diet-education-overweight-dx', { code: DIET_EDUCATION, at: VISIT_DAY });
  await measured('high-diet-education-dx-resolved', 27);
  await condition(db, 'high-diet-education-dx-resolved', { code: OVERWEIGHT, onset: '2025-01-01', clinicalStatus: 'resolved', abatement: '2026-01-15' });
  await procedure(db, 'high-diet-education-dx-resolved', { code: DIET_EDUCATION, at: VISIT_DAY });
  await measured('high-referral-for-obesity', 27);
  await serviceRequest(db, 'high-referral-for-obesity', { code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY, reason: OBESITY });
  await measured('high-referral-problem-list-dx', 27);
  await condition(db, 'high-referral-problem-list-dx', { code: OVERWEIGHT, onset: '2025-01-01', category: 'problem-list-item' });
  await serviceRequest(db, 'high-referral-problem-list-dx', { code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY });
  await measured('high-referral-encounter-dx', 27);
  await condition(db, 'high-referral-encounter-dx', { code: OVERWEIGHT, onset: '2025-01-01', category: 'encounter-diagnosis' });
  await serviceRequest(db, 'high-referral-encounter-dx', { code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY });
  await measured('high-referral-2025', 27);
  await serviceRequest(db, 'high-referral-2025', { code: DIETITIAN_REFERRAL, authoredOn: '2025-12-01T10:00:00', reason: OBESITY });
  await measured('high-medication-for-obesity', 33);
  await medicationRequest(db, 'high-medication-for-obesity', { code: PHENTERMINE, authoredOn: VISIT_DAY, reason: OBESITY });

  // Numerator: follow-up of a low BMI.
  await measured('low-medication-for-underweight', 17);
  await medicationRequest(db, 'low-medication-for-underweight', { code: DRONABINOL, authoredOn: VISIT_DAY, reason: UNDERWEIGHT_ICD });
  await measured('low-education-in-progress', 17);
  await procedure(db, 'low-education-in-progress', { code: DIET_EDUCATION, at: VISIT_DAY, reason: UNDERWEIGHT_ICD, status: 'in-progress' });
  await measured('low-referral-health-concern', 17);
  await condition(db, 'low-referral-health-concern', { code: UNDERWEIGHT, onset: '2025-01-01', category: 'health-concern' });
  await serviceRequest(db, 'low-referral-health-concern', { code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY });
  await measured('low-referral-problem-list', 17);
  await condition(db, 'low-referral-problem-list', { code: UNDERWEIGHT, onset: '2025-01-01', category: 'problem-list-item' });
  await serviceRequest(db, 'low-referral-problem-list', { code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY });

  // Denominator exclusions.
  await measured('hospice', 27);
  await encounter(db, 'hospice', { code: 'SNOMEDCT|183919006', start: '2026-08-01T10:00:00', end: '2026-08-03T10:00:00' });
  await visitor('pregnancy-diagnosis');
  await condition(db, 'pregnancy-diagnosis', { code: 'SNOMEDCT|77386006', onset: '2026-02-01' });
  await visitor('pregnancy-status');
  await observation(db, 'pregnancy-status', { code: 'LOINC|82810-3', at: '2026-05-01T10:00:00', valueCode: 'SNOMEDCT|77386006' });
  await visitor('pregnancy-ended-2025');
  await condition(db, 'pregnancy-ended-2025', { code: 'SNOMEDCT|77386006', onset: '2025-02-01', clinicalStatus: 'resolved', abatement: '2025-11-01' });
  // Not active and no abatement: prevalenceInterval() is [onset, null), its end unknown, so "overlaps day of"
  // the period is null, never true, even with the onset inside the period.
  await visitor('pregnancy-inactive-no-abatement');
  await condition(db, 'pregnancy-inactive-no-abatement', { code: 'SNOMEDCT|77386006', onset: '2026-02-01', clinicalStatus: 'inactive' });
  // effectivePeriod without a start: toInterval() is (null, end], its start unknown, so "overlaps day of" the
  // period is null.
  await visitor('pregnancy-status-period-without-start');
  await observation(db, 'pregnancy-status-period-without-start', {
    code: 'LOINC|82810-3', at: null as unknown as string, end: '2026-05-01T10:00:00', valueCode: 'SNOMEDCT|77386006',
  });
  await visitor('pregnancy-no-clinical-status');
  await condition(db, 'pregnancy-no-clinical-status', { code: 'SNOMEDCT|77386006', onset: '2026-02-01', clinicalStatus: null });

  // Denominator exceptions.
  await visitor('bmi-declined');
  await observation(db, 'bmi-declined', { code: BMI, at: VISIT_DAY, status: 'cancelled', notDoneReason: RELIGIOUS_REFUSAL });
  await visitor('bmi-medical-reason');
  await observation(db, 'bmi-medical-reason', { code: BMI, at: VISIT_DAY, status: 'cancelled', notDoneReason: CONTRAINDICATED });
  await visitor('bmi-not-done-next-day');
  await observation(db, 'bmi-not-done-next-day', { code: BMI, at: '2026-03-11T09:00:00', status: 'cancelled', notDoneReason: CONTRAINDICATED });
  await measured('referral-not-ordered', 27);
  await serviceRequest(db, 'referral-not-ordered', {
    code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY, status: 'completed', doNotPerform: true, notDoneReason: CONTRAINDICATED,
  });
  await measured('referral-not-ordered-still-active', 27);
  await serviceRequest(db, 'referral-not-ordered-still-active', {
    code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY, status: 'active', doNotPerform: true, notDoneReason: CONTRAINDICATED,
  });
  await measured('medication-not-ordered', 17);
  await medicationRequest(db, 'medication-not-ordered', {
    code: DRONABINOL, authoredOn: VISIT_DAY, status: 'completed', doNotPerform: true, reason: CONTRAINDICATED,
  });
  await measured('normal-and-referral-not-ordered', 22);
  await serviceRequest(db, 'normal-and-referral-not-ordered', {
    code: DIETITIAN_REFERRAL, authoredOn: VISIT_DAY, status: 'completed', doNotPerform: true, notDoneReason: CONTRAINDICATED,
  });

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms69'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms69');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS69 initial population', () => {
  it.each([
    ['age18-on-visit-day', 'not numerator: NotFound'],
    ['age17-on-visit-day', 'not in initial population'],
    ['virtual-visit', 'not in initial population'],
    ['visit-2027', 'not in initial population'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS69 numerator: a normal BMI, or an abnormal one with follow-up', () => {
  it.each([
    ['normal', 'numerator: Present'],
    ['normal-18.5', 'numerator: Present'],
    ['normal-without-category', 'numerator: Present'],
    ['normal-as-procedure-observation', 'not numerator: NotFound'],
    ['normal-preliminary', 'not numerator: NotFound'],
    ['normal-2025', 'not numerator: NotFound'],
    ['high-no-follow-up', 'not numerator: NoFollowUp'],
    ['normal-and-high', 'not numerator: NoFollowUp'],
    ['high-diet-education-for-obesity', 'numerator: Present'],
    ['high-diet-education-overweight-dx', 'numerator: Present'],
    ['high-diet-education-dx-resolved', 'not numerator: NoFollowUp'],
    ['high-referral-for-obesity', 'numerator: Present'],
    ['high-referral-problem-list-dx', 'numerator: Present'],
    ['high-referral-encounter-dx', 'not numerator: NoFollowUp'],
    ['high-referral-2025', 'not numerator: NoFollowUp'],
    ['high-medication-for-obesity', 'numerator: Present'],
    ['low-medication-for-underweight', 'numerator: Present'],
    ['low-education-in-progress', 'not numerator: NoFollowUp'],
    ['low-referral-health-concern', 'numerator: Present'],
    ['low-referral-problem-list', 'not numerator: NoFollowUp'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the evidence and the gap in sentences', () => {
    expect(results.get('high-no-follow-up')).toMatchObject({
      gap: true,
      evidence_date: '2026-03-10',
      evidence_value: '25 kg/m2',
      gap_text: 'BMI 25 kg/m2 on 2026-03-10 is above normal with no follow-up plan in the period.',
      close_by: '2026-12-31',
    });
    expect(results.get('normal')).toMatchObject({ gap: false, gap_text: 'BMI 22 kg/m2 on 2026-03-10 is normal.', close_by: null });
  });
});

describe('CMS69 month-end trend', () => {
  it('states the days the numerator began or stopped holding with the BMIs and follow-ups on record by then', () => {
    expect(results.get('normal')?.numerator_changes).toEqual(['2026-03-10']);
    // normal in March, high in September: not met from then on
    expect(results.get('normal-and-high')).toMatchObject({ numerator: false, numerator_changes: ['2026-03-10', '2026-09-01'] });
    expect(results.get('normal-then-high-followed-up')).toMatchObject({
      numerator: true,
      numerator_changes: ['2026-03-10', '2026-09-01', '2026-11-05'],
    });
    expect(results.get('high-no-follow-up')?.numerator_changes).toEqual([]);
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });
});

describe('CMS69 denominator exclusions and exceptions', () => {
  it.each([
    ['hospice', 'excluded: Hospice'],
    ['pregnancy-diagnosis', 'excluded: Pregnancy'],
    ['pregnancy-status', 'excluded: Pregnancy'],
    ['pregnancy-ended-2025', 'not numerator: NotFound'],
    ['pregnancy-inactive-no-abatement', 'not numerator: NotFound'],
    ['pregnancy-no-clinical-status', 'not numerator: NotFound'],
    ['pregnancy-status-period-without-start', 'not numerator: NotFound'],
    ['bmi-declined', 'exception: PatientDeclined'],
    ['bmi-medical-reason', 'exception: MedicalReason'],
    ['bmi-not-done-next-day', 'not numerator: NotFound'],
    ['referral-not-ordered', 'exception: MedicalReason'],
    ['referral-not-ordered-still-active', 'not numerator: NoFollowUp'],
    ['medication-not-ordered', 'exception: MedicalReason'],
    ['normal-and-referral-not-ordered', 'numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('keeps exceptions out of the gap list with the record that decided them', () => {
    expect(results.get('referral-not-ordered')).toMatchObject({
      denominator: true,
      numerator: false,
      gap: false,
      evidence_table: 'service_request',
      evidence_date: '2026-03-10',
    });
  });
});
