// CMS131 (Diabetes: Eye Exam, 2024 content) on hand-made patients, one per outcome. Measurement period
// 2025. Every patient without a stated variation: born 1970-05-01, a finished office visit on 2025-03-10
// and active diabetes (E11.9) since 2015.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import {
  condition,
  deviceRequest,
  encounter,
  measureDb,
  observation,
  patient,
  resultsByPatient,
  type ConditionRow, outcomeOf,
  numeratorChangeMismatches,
} from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const DIABETES = 'ICD10CM|E11.9';
const RETINOPATHY = 'ICD10CM|E11.319';
const EYE_EXAM = 'SNOMEDCT|252779009';
const FRAILTY_DEVICE = 'SNOMEDCT|183240000';
const ADVANCED_ILLNESS = 'ICD10CM|C25.0';

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function diabetic(id: string, o: { birth?: string; visit?: string; visitCode?: string; visitStatus?: string; diabetes?: Partial<ConditionRow> } = {}) {
  await patient(db, id, o.birth ?? '1970-05-01');
  await encounter(db, id, { code: o.visitCode ?? OFFICE_VISIT, start: o.visit ?? '2025-03-10T09:00:00', status: o.visitStatus });
  await condition(db, id, { code: DIABETES, onset: '2015-01-01', ...o.diabetes });
}

const exam = (id: string, at: string, o: { category?: string; status?: string } = {}) =>
  observation(db, id, { code: EYE_EXAM, at, category: o.category ?? 'exam', status: o.status });

/** A frail patient with an advanced illness diagnosed in the period (the frailty is a device order). */
async function frailWithIllness(id: string, birth: string) {
  await diabetic(id, { birth });
  await deviceRequest(db, id, { code: FRAILTY_DEVICE, authoredOn: '2025-04-01T10:00:00' });
  await condition(db, id, { code: ADVANCED_ILLNESS, onset: '2025-02-01' });
}

beforeAll(async () => {
  db = await measureDb('CMS131');
  // Initial population: age 18-75 at the end of the period, a performed visit, diabetes in the period.
  await diabetic('age18', { birth: '2007-12-31' });
  await diabetic('age17', { birth: '2008-01-01' });
  await diabetic('age75', { birth: '1950-01-01' });
  await diabetic('age76', { birth: '1949-12-31' });
  await diabetic('ophthalmology-visit', { visitCode: 'CPT|92002' });
  await diabetic('visit-planned', { visitStatus: 'planned' });
  await diabetic('visit-2026', { visit: '2026-01-01T09:00:00' });
  await diabetic('diabetes-resolved-2024', { diabetes: { clinicalStatus: 'resolved', abatement: '2024-06-01' } });
  await diabetic('diabetes-refuted', { diabetes: { verificationStatus: 'refuted' } });

  // Numerator.
  await diabetic('exam-in-period');
  await exam('exam-in-period', '2025-05-01T10:00:00');
  await diabetic('exam-jan1-prior-year');
  await exam('exam-jan1-prior-year', '2024-01-01T00:00:00');
  await diabetic('exam-dec31-two-years-before');
  await exam('exam-dec31-two-years-before', '2023-12-31T23:59:59');
  await diabetic('exam-2026');
  await exam('exam-2026', '2026-01-01T00:00:00');
  await diabetic('exam-survey-category');
  await exam('exam-survey-category', '2025-05-01T10:00:00', { category: 'survey' });
  await diabetic('exam-preliminary');
  await exam('exam-preliminary', '2025-05-01T10:00:00', { status: 'preliminary' });
  await diabetic('retinopathy-exam-prior-year');
  await condition(db, 'retinopathy-exam-prior-year', { code: RETINOPATHY, onset: '2023-01-01' });
  await exam('retinopathy-exam-prior-year', '2024-06-01T10:00:00');
  await diabetic('retinopathy-exam-in-period');
  await condition(db, 'retinopathy-exam-in-period', { code: RETINOPATHY, onset: '2023-01-01' });
  await exam('retinopathy-exam-in-period', '2025-12-31T23:59:59');
  await diabetic('retinopathy-ended-2024');
  await condition(db, 'retinopathy-ended-2024', { code: RETINOPATHY, onset: '2023-01-01', clinicalStatus: 'resolved', abatement: '2024-06-01' });
  await exam('retinopathy-ended-2024', '2024-06-01T10:00:00');
  await diabetic('exams-prior-year-and-period');
  await exam('exams-prior-year-and-period', '2024-03-01T10:00:00');
  await exam('exams-prior-year-and-period', '2025-09-01T10:00:00');
  await diabetic('retinopathy-exams-prior-year-and-period');
  await condition(db, 'retinopathy-exams-prior-year-and-period', { code: RETINOPATHY, onset: '2023-01-01' });
  await exam('retinopathy-exams-prior-year-and-period', '2024-03-01T10:00:00');
  await exam('retinopathy-exams-prior-year-and-period', '2025-04-01T10:00:00');
  await exam('retinopathy-exams-prior-year-and-period', '2025-09-01T10:00:00');

  // Denominator exclusions.
  await diabetic('hospice');
  await condition(db, 'hospice', { code: 'SNOMEDCT|170935008', onset: '2025-12-31T23:59:59' });
  await exam('hospice', '2025-05-01T10:00:00');
  await diabetic('palliative');
  await condition(db, 'palliative', { code: 'ICD10CM|Z51.5', onset: '2025-06-01' });
  await frailWithIllness('frail-ill-66', '1959-12-31');
  await frailWithIllness('frail-ill-65', '1960-01-01');
  await frailWithIllness('frail-not-requested-ill-70', '1955-01-01');
  await frailWithIllness('frail-not-requested-and-dx-ill-70', '1955-01-01');
  await condition(db, 'frail-not-requested-and-dx-ill-70', { code: 'ICD10CM|L89.000', onset: '2025-03-01' });
  // DeviceRequest.doNotPerform (qicore-doNotPerform): AdvancedIllnessandFrailty 1.16.000 does not count the order.
  await db.query(`UPDATE device_request SET do_not_perform = true WHERE patient_record_id LIKE 't/frail-not-requested%'`);
  await diabetic('nursing-home-66', { birth: '1959-12-31' });
  await observation(db, 'nursing-home-66', { code: 'LOINC|71802-3', at: '2025-12-31T23:59:59', category: 'survey', valueCode: 'SNOMEDCT|160734000' });
  await diabetic('nursing-home-65', { birth: '1960-01-01' });
  await observation(db, 'nursing-home-65', { code: 'LOINC|71802-3', at: '2025-12-31T23:59:59', category: 'survey', valueCode: 'SNOMEDCT|160734000' });

  const runId = await runMeasures(db, { periodStart: '2025-01-01', periodEnd: '2025-12-31', measures: ['cms131'], asOf: '2025-06-30' });
  results = await resultsByPatient(db, runId, 'cms131');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS131 initial population', () => {
  it.each([
    ['age18', 'not numerator: NotFound'],
    ['age17', 'not in initial population'],
    ['age75', 'not numerator: NotFound'],
    ['age76', 'not in initial population'],
    ['ophthalmology-visit', 'not numerator: NotFound'],
    ['visit-planned', 'not in initial population'],
    ['visit-2026', 'not in initial population'],
    ['diabetes-resolved-2024', 'not in initial population'],
    ['diabetes-refuted', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS131 numerator', () => {
  it.each([
    ['exam-in-period', 'numerator: Present'],
    ['exam-jan1-prior-year', 'numerator: Present'],
    ['exam-dec31-two-years-before', 'not numerator: DateOutOfRange'],
    ['exam-2026', 'not numerator: NotFound'],
    ['exam-survey-category', 'not numerator: NotFound'],
    ['exam-preliminary', 'not numerator: NotFound'],
    ['retinopathy-exam-prior-year', 'not numerator: DateOutOfRange'],
    ['retinopathy-exam-in-period', 'numerator: Present'],
    ['retinopathy-ended-2024', 'numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the deciding exam as evidence and the first exam that counts as the day the numerator is met', () => {
    expect(results.get('exams-prior-year-and-period')).toMatchObject({
      numerator: true,
      evidence_date: '2025-09-01',
      numerator_changes: ['2024-03-01'],
    });
    // with retinopathy only exams in the period count
    expect(results.get('retinopathy-exams-prior-year-and-period')).toMatchObject({
      numerator: true,
      evidence_date: '2025-09-01',
      numerator_changes: ['2025-04-01'],
    });
    expect(results.get('retinopathy-exam-prior-year')?.numerator_changes).toBeNull();
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });

  it('explains why a prior-year exam does not count with retinopathy', () => {
    const r = results.get('retinopathy-exam-prior-year')!;
    expect(r.gap_text).toMatch(/^Last retinal or dilated eye exam on 2024-06-01 is before 2025-01-01 \(diabetic retinopathy/);
    expect(r.close_action).toBe('Refer for a retinal or dilated eye exam by an eye care professional; an exam by 2025-12-31 closes the gap.');
    expect(r.evidence_table).toBe('observation');
  });

  it('states the look-back window of a missing exam', () => {
    expect(results.get('age18')!.gap_text).toBe('No retinal or dilated eye exam between 2024-01-01 and 2025-12-31.');
  });
});

describe('CMS131 denominator exclusions', () => {
  it.each([
    ['hospice', 'excluded: Hospice'],
    ['palliative', 'excluded: PalliativeCare'],
    ['frail-ill-66', 'excluded: AdvancedIllnessFrailty'],
    ['frail-ill-65', 'not numerator: NotFound'],
    ['frail-not-requested-ill-70', 'not numerator: NotFound'],
    ['frail-not-requested-and-dx-ill-70', 'excluded: AdvancedIllnessFrailty'],
    ['nursing-home-66', 'excluded: NursingHome'],
    ['nursing-home-65', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('wins over the numerator', () => {
    expect(results.get('hospice')!.numerator).toBe(false);
  });
});
