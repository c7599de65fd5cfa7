// The shared libraries (sql/measures/shared/: hospice, palliative care, advanced illness and frailty, nursing
// home, and the interval macros they use) on hand-made patients, read through the measures that use them.
// 2025 content (Hospice 6.18.000, PalliativeCare 1.18.000, AdvancedIllnessandFrailty 1.27.000 with Status
// 1.15.000, QICoreCommon 4.0.000) through CMS122, measurement period 2026: every patient without a stated
// variation is female, born 1970-06-15, with a finished office visit on 2026-03-10 and active type 2
// diabetes since 2020. Hospice 6.15.000 and PalliativeCare 1.15.000 (Status 1.13.000) through CMS69.
// 2024 content (Hospice 6.12.000, PalliativeCare 1.11.000, AdvancedIllnessandFrailty 1.16.000, Status 1.8.000)
// through CMS131, measurement period 2025.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestFolder } from '../../server/ingest/orchestrator.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';
import {
  condition,
  deviceRequest,
  encounter,
  measureDb,
  medicationRequest,
  observation,
  outcomeOf,
  patient,
  resultsByPatient,
  resultsByPatientGroup,
  serviceRequest,
  type ConditionRow,
} from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const DIABETES = 'ICD10CM|E11.9';
const HOSPICE_DIAGNOSIS = 'SNOMEDCT|170935008';
const PALLIATIVE_DIAGNOSIS = 'ICD10CM|Z51.5';
const FRAILTY_DIAGNOSIS = 'ICD10CM|L89.000';
const FRAILTY_DEVICE = 'SNOMEDCT|183240000';
const ADVANCED_ILLNESS = 'SNOMEDCT|101421000119107';
const HOSPICE_ENCOUNTER = 'SNOMEDCT|183919006';
const PALLIATIVE_ENCOUNTER = 'SNOMEDCT|305284002';
const FRAILTY_ENCOUNTER = 'CPT|99504';
const HOSPICE_CARE_AMBULATORY = 'SNOMEDCT|385763009';
const RIVASTIGMINE = 'RXNORM|312836'; // Dementia Medications

describe('QICoreCommon prevalenceInterval() (2025 content, CMS122)', () => {
  let db: Database;
  let results: Map<string, Record<string, unknown>>;

  async function diabetic(id: string, o: { birth?: string; diabetes?: Partial<ConditionRow> } = {}) {
    await patient(db, id, o.birth ?? '1970-06-15');
    await encounter(db, id, { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
    await condition(db, id, { code: DIABETES, onset: '2020-01-01', ...o.diabetes });
  }

  beforeAll(async () => {
    db = await measureDb('CMS122');
    // An active condition without onset or abatement has the prevalence interval Interval[null, null]: its
    // point type cannot be told, so cql-execution (before cql-execution#366, May 2026) compares nothing and
    // "overlaps" is null.
    await diabetic('diabetes-without-dates', { diabetes: { onset: undefined } });
    // Interval[null, abatement]: a closed null start is the beginning of time, so it overlaps.
    await diabetic('diabetes-without-onset-abated-in-period', {
      diabetes: { onset: undefined, clinicalStatus: 'resolved', abatement: '2026-03-01' },
    });
    // Interval[onset, null]: an active condition is ongoing.
    await diabetic('diabetes-onset-only');
    await diabetic('hospice-dx-without-dates');
    await condition(db, 'hospice-dx-without-dates', { code: HOSPICE_DIAGNOSIS });
    await diabetic('palliative-dx-without-dates');
    await condition(db, 'palliative-dx-without-dates', { code: PALLIATIVE_DIAGNOSIS });
    await diabetic('frailty-dx-without-dates-ill-70', { birth: '1956-02-01' });
    await condition(db, 'frailty-dx-without-dates-ill-70', { code: FRAILTY_DIAGNOSIS });
    await condition(db, 'frailty-dx-without-dates-ill-70', { code: ADVANCED_ILLNESS, onset: '2025-03-01' });
    await diabetic('frailty-dx-ill-70', { birth: '1956-02-01' });
    await condition(db, 'frailty-dx-ill-70', { code: FRAILTY_DIAGNOSIS, onset: '2026-02-01' });
    await condition(db, 'frailty-dx-ill-70', { code: ADVANCED_ILLNESS, onset: '2025-03-01' });
    // An inactive diagnosis without abatement has an unknown end: its overlap is null, even when it starts
    // in the period (cql-execution keeps an open null bound unknown).
    await diabetic('palliative-dx-inactive-onset-in-period');
    await condition(db, 'palliative-dx-inactive-onset-in-period', { code: PALLIATIVE_DIAGNOSIS, onset: '2026-05-01', clinicalStatus: 'inactive' });
    await diabetic('palliative-dx-inactive-onset-before');
    await condition(db, 'palliative-dx-inactive-onset-before', { code: PALLIATIVE_DIAGNOSIS, onset: '2025-05-01', clinicalStatus: 'inactive' });

    // abatementPeriod: QICoreCommon abatementInterval() is Interval[start, end) -- the end is exclusive, so a
    // period ending 2026-01-01 (midnight or date only) ends on 2025-12-31 and does not reach the 2026 period.
    await diabetic('palliative-dx-abatement-period-ends-jan1');
    await condition(db, 'palliative-dx-abatement-period-ends-jan1', {
      code: PALLIATIVE_DIAGNOSIS, onset: '2025-06-01', clinicalStatus: 'resolved', abatement: '2025-09-01',
    });
    await db.query(
      `UPDATE condition SET abatement_end = TIMESTAMP '2026-01-01 00:00:00'
       WHERE patient_record_id = 't/palliative-dx-abatement-period-ends-jan1' AND onset_start = TIMESTAMP '2025-06-01'`,
    );

    const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms122'], asOf: '2026-06-30' });
    results = await resultsByPatient(db, runId, 'cms122');
  });
  afterAll(() => db?.close());

  it.each([
    ['diabetes-without-dates', 'not in initial population'],
    ['diabetes-without-onset-abated-in-period', 'numerator: NotFound'],
    ['diabetes-onset-only', 'numerator: NotFound'],
    ['hospice-dx-without-dates', 'numerator: NotFound'],
    ['palliative-dx-without-dates', 'numerator: NotFound'],
    ['frailty-dx-without-dates-ill-70', 'numerator: NotFound'],
    ['frailty-dx-ill-70', 'excluded: AdvancedIllnessFrailty'],
    ['palliative-dx-inactive-onset-in-period', 'numerator: NotFound'],
    ['palliative-dx-inactive-onset-before', 'numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcomeOf(results.get(id))).toBe(expected);
  });

  it('palliative-dx-abatement-period-ends-jan1 -> numerator: NotFound', () => {
    expect(outcomeOf(results.get('palliative-dx-abatement-period-ends-jan1'))).toBe('numerator: NotFound');
  });

  it('names the evidence of a library exclusion by its code when the source sent no display', () => {
    // the codings here carry no display, as many EHR extracts send them
    expect(results.get('frailty-dx-ill-70')).toMatchObject({
      evidence_value: 'L89.000 with 101421000119107',
      gap_text: 'Excluded (AdvancedIllnessFrailty): L89.000 with 101421000119107 on 2026-02-01.',
    });
  });
});

describe('isEncounterPerformed: finished only in Status 1.15.000 (CMS122), also in-progress in 1.13.000 (CMS69)', () => {
  const KINDS = [
    ['hospice-encounter', HOSPICE_ENCOUNTER, 'Hospice'],
    ['palliative-encounter', PALLIATIVE_ENCOUNTER, 'PalliativeCare'],
    ['frailty-encounter-ill-70', FRAILTY_ENCOUNTER, 'AdvancedIllnessFrailty'],
  ] as const;
  const byMeasure = new Map<string, Map<string, Record<string, unknown>>>();

  beforeAll(async () => {
    for (const measure of ['CMS122', 'CMS69']) {
      const db = await measureDb(measure);
      for (const [kind, code] of KINDS) {
        for (const status of ['finished', 'in-progress']) {
          const id = `${kind}-${status}`;
          await patient(db, id, kind.endsWith('ill-70') ? '1956-02-01' : '1970-06-15');
          // CMS122's office visit and diabetes; CMS69's BMI visit (SNOMEDCT 10197000).
          await encounter(db, id, { code: measure === 'CMS122' ? OFFICE_VISIT : 'SNOMEDCT|10197000', start: '2026-03-10T09:00:00', end: '2026-03-10T09:30:00' });
          await condition(db, id, { code: DIABETES, onset: '2020-01-01' });
          await encounter(db, id, { code, start: '2026-05-01T09:00:00', end: '2026-05-01T10:00:00', status });
          if (kind.endsWith('ill-70')) await condition(db, id, { code: ADVANCED_ILLNESS, onset: '2025-03-01' });
        }
      }
      const id = measure.toLowerCase();
      const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: [id], asOf: '2026-06-30' });
      byMeasure.set(measure, await resultsByPatient(db, runId, id));
      db.close();
    }
  });

  it.each(KINDS.map(([kind, , reason]) => [kind, reason]))('%s excludes (%s) when finished, under both', (kind, reason) => {
    for (const measure of kind.endsWith('ill-70') ? ['CMS122'] : ['CMS122', 'CMS69']) { // CMS69 has no frailty exclusion
      expect(byMeasure.get(measure)!.get(`${kind}-finished`), measure).toMatchObject({ denominator_exclusion: true, exclusion_reason: reason });
    }
  });

  it.each(KINDS.map(([kind]) => [kind]))('%s in progress excludes under Status 1.13.000 only', (kind) => {
    expect(byMeasure.get('CMS122')!.get(`${kind}-in-progress`)).toMatchObject({ denominator_exclusion: false });
    if (!kind.endsWith('ill-70')) {
      expect(byMeasure.get('CMS69')!.get(`${kind}-in-progress`)).toMatchObject({ denominator_exclusion: true });
    }
  });
});

describe('order intents: any order intent in Status 1.15.000 (CMS122), intent order only in 1.13.000 (CMS69) and 1.8.000 (CMS131)', () => {
  // One patient of each kind per measure database: CMS122 and CMS69 in 2026, CMS131 in 2025.
  const KINDS = ['hospice-order', 'frailty-device-order-ill-70', 'dementia-med-frail-70'] as const;
  const byMeasure = new Map<string, Map<string, Record<string, unknown>>>();

  beforeAll(async () => {
    for (const [measure, year, visit] of [['CMS122', 2026, OFFICE_VISIT], ['CMS69', 2026, 'SNOMEDCT|10197000'], ['CMS131', 2025, OFFICE_VISIT]] as const) {
      const db = await measureDb(measure);
      for (const kind of KINDS) {
        for (const intent of ['order', 'original-order']) {
          const id = `${kind}-${intent}`;
          await patient(db, id, kind.endsWith('-70') ? `${year - 70}-02-01` : '1970-06-15');
          await encounter(db, id, { code: visit, start: `${year}-03-10T09:00:00`, end: `${year}-03-10T09:30:00` });
          await condition(db, id, { code: DIABETES, onset: '2015-01-01' });
          const at = `${year}-04-01T10:00:00`;
          if (kind === 'hospice-order') await serviceRequest(db, id, { code: HOSPICE_CARE_AMBULATORY, authoredOn: at, status: 'active', intent });
          if (kind === 'frailty-device-order-ill-70') {
            await deviceRequest(db, id, { code: FRAILTY_DEVICE, authoredOn: at, intent });
            await condition(db, id, { code: ADVANCED_ILLNESS, onset: `${year}-02-01` });
          }
          if (kind === 'dementia-med-frail-70') {
            await condition(db, id, { code: FRAILTY_DIAGNOSIS, onset: `${year}-02-01` });
            await medicationRequest(db, id, { code: RIVASTIGMINE, authoredOn: at, supplyDays: 90, status: 'active', intent });
          }
        }
      }
      const measureId = measure.toLowerCase();
      const runId = await runMeasures(db, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, measures: [measureId], asOf: `${year}-06-30` });
      byMeasure.set(measure, await resultsByPatient(db, runId, measureId));
      db.close();
    }
  });

  const excluded = (measure: string, id: string) => byMeasure.get(measure)!.get(id)?.denominator_exclusion;

  it.each(KINDS.map((kind) => [kind]))('%s with intent order excludes under every version that has the exclusion', (kind) => {
    expect(excluded('CMS122', `${kind}-order`)).toBe(true);
    expect(excluded('CMS131', `${kind}-order`)).toBe(true);
    if (kind === 'hospice-order') expect(excluded('CMS69', `${kind}-order`)).toBe(true); // CMS69 has no frailty exclusion
  });

  it.each(KINDS.map((kind) => [kind]))('%s with intent original-order excludes under Status 1.15.000 only', (kind) => {
    expect(excluded('CMS122', `${kind}-original-order`)).toBe(true);
    expect(excluded('CMS131', `${kind}-original-order`)).toBe(false);
    if (kind === 'hospice-order') expect(excluded('CMS69', `${kind}-original-order`)).toBe(false);
  });
});

describe('Status 1.8.000 isAssessmentPerformed: category survey (2024 content, CMS131)', () => {
  let db: Database;
  let results: Map<string, Record<string, unknown>>;

  async function diabetic(id: string, birth = '1970-05-01') {
    await patient(db, id, birth);
    await encounter(db, id, { code: OFFICE_VISIT, start: '2025-03-10T09:00:00' });
    await condition(db, id, { code: DIABETES, onset: '2015-01-01' });
  }
  const assessment = (id: string, code: string, at: string, valueCode: string | undefined, category?: string) =>
    observation(db, id, { code, at, valueCode, category });

  beforeAll(async () => {
    db = await measureDb('CMS131');
    // Hospice 6.12.000, PalliativeCare 1.11.000 and AdvancedIllnessandFrailty 1.16.000 read these assessments
    // through Status 1.8.000 isAssessmentPerformed: final, amended or corrected, with an observation category
    // survey. Status 1.13.000 (2025 content) no longer asks for the category.
    for (const category of ['survey', undefined]) {
      const tag = category ? 'survey' : 'no-category';
      await diabetic(`hospice-assessment-${tag}`);
      await assessment(`hospice-assessment-${tag}`, 'LOINC|45755-6', '2025-05-01T10:00:00', 'SNOMEDCT|373066001', category);
      await diabetic(`facit-pal-${tag}`);
      await assessment(`facit-pal-${tag}`, 'LOINC|71007-9', '2025-05-01T10:00:00', undefined, category);
      await diabetic(`equipment-used-ill-70-${tag}`, '1955-01-01');
      await assessment(`equipment-used-ill-70-${tag}`, 'LOINC|98181-1', '2025-05-01T10:00:00', FRAILTY_DEVICE, category);
      await condition(db, `equipment-used-ill-70-${tag}`, { code: 'ICD10CM|C25.0', onset: '2025-02-01' });
      await diabetic(`nursing-home-70-${tag}`, '1955-01-01');
      await assessment(`nursing-home-70-${tag}`, 'LOINC|71802-3', '2025-05-01T10:00:00', 'SNOMEDCT|160734000', category);
    }
    // The last housing status assessment with category survey says nursing home; a later one without the
    // category is no assessment to Status 1.8.000.
    await diabetic('nursing-home-then-home-no-category-70', '1955-01-01');
    await assessment('nursing-home-then-home-no-category-70', 'LOINC|71802-3', '2025-02-01T10:00:00', 'SNOMEDCT|160734000', 'survey');
    await assessment('nursing-home-then-home-no-category-70', 'LOINC|71802-3', '2025-07-01T10:00:00', 'SNOMEDCT|160943002');
    // A frailty device order with doNotPerform and an equipment assessment without the category: neither counts.
    await diabetic('device-not-requested-and-equipment-no-category-ill-70', '1955-01-01');
    await deviceRequest(db, 'device-not-requested-and-equipment-no-category-ill-70', { code: FRAILTY_DEVICE, authoredOn: '2025-04-01T10:00:00' });
    await db.query(`UPDATE device_request SET do_not_perform = true WHERE patient_record_id = 't/device-not-requested-and-equipment-no-category-ill-70'`);
    await assessment('device-not-requested-and-equipment-no-category-ill-70', 'LOINC|98181-1', '2025-05-01T10:00:00', FRAILTY_DEVICE);
    await condition(db, 'device-not-requested-and-equipment-no-category-ill-70', { code: 'ICD10CM|C25.0', onset: '2025-02-01' });

    const runId = await runMeasures(db, { periodStart: '2025-01-01', periodEnd: '2025-12-31', measures: ['cms131'], asOf: '2025-06-30' });
    results = await resultsByPatient(db, runId, 'cms131');
  });
  afterAll(() => db?.close());

  it.each([
    ['hospice-assessment-survey', 'excluded: Hospice'],
    ['facit-pal-survey', 'excluded: PalliativeCare'],
    ['equipment-used-ill-70-survey', 'excluded: AdvancedIllnessFrailty'],
    ['nursing-home-70-survey', 'excluded: NursingHome'],
  ])('%s -> %s', (id, expected) => {
    expect(outcomeOf(results.get(id))).toBe(expected);
  });

  // CMS131 reads the library rows that count under Status 1.8.000 (status_1_8).
  it.each([
    ['hospice-assessment-no-category', 'not numerator: NotFound'],
    ['facit-pal-no-category', 'not numerator: NotFound'],
    ['equipment-used-ill-70-no-category', 'not numerator: NotFound'],
    ['nursing-home-70-no-category', 'not numerator: NotFound'],
    ['device-not-requested-and-equipment-no-category-ill-70', 'not numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcomeOf(results.get(id))).toBe(expected);
  });

  // Known difference: when the 2024 content says nursing home (the last survey assessment) but the 2025 one
  // does not (a later assessment without category), m_nursing_home has no row. it.fails passes while it differs.
  it.fails('nursing-home-then-home-no-category-70 -> excluded: NursingHome (CQL)', () => {
    expect(outcomeOf(results.get('nursing-home-then-home-no-category-70'))).toBe('excluded: NursingHome');
  });
});

describe('Status 1.8.000 isAssessmentPerformed: category survey (2024 content, CMS138 hospice)', () => {
  let db: Database;
  let rows: Map<string, Record<string, unknown>>;
  const outcomes = (id: string) => ['Group_1', 'Group_2', 'Group_3'].map((group) => outcomeOf(rows.get(`${id} ${group}`)));

  beforeAll(async () => {
    db = await measureDb('CMS138');
    // A non-user screened on a visit, with a hospice care [Minimum Data Set] assessment answered yes.
    for (const category of ['survey', undefined]) {
      const id = `non-user-hospice-assessment-${category ? 'survey' : 'no-category'}`;
      await patient(db, id, '2000-05-01');
      await encounter(db, id, { code: OFFICE_VISIT, start: '2025-03-10T09:00:00' });
      await encounter(db, id, { code: OFFICE_VISIT, start: '2025-04-10T09:00:00' });
      await observation(db, id, { code: 'LOINC|39240-7', at: '2025-03-10T09:30:00', category: 'survey', valueCode: 'SNOMEDCT|8517006' });
      await observation(db, id, { code: 'LOINC|45755-6', at: '2025-05-01T10:00:00', valueCode: 'SNOMEDCT|373066001', category });
    }
    const runId = await runMeasures(db, { periodStart: '2025-01-01', periodEnd: '2025-12-31', measures: ['cms138'], asOf: '2025-06-30' });
    rows = await resultsByPatientGroup(db, runId, 'cms138');
  });
  afterAll(() => db?.close());

  it('excludes with a survey assessment', () => {
    expect(outcomes('non-user-hospice-assessment-survey')).toEqual(['excluded: Hospice', 'not in denominator', 'excluded: Hospice']);
  });

  it('does not exclude with an assessment without category survey', () => {
    expect(outcomes('non-user-hospice-assessment-no-category')).toEqual(['numerator: Present', 'not in denominator', 'numerator: Present']);
  });
});

describe('"Has Dementia Medications in Year Before or During Measurement Period": CMD medicationRequestPeriod() (CMS122)', () => {
  // Age 70, frail (a frailty device ordered in 2026), no advanced illness diagnosis: an active dementia
  // medication order whose CumulativeMedicationDuration period overlaps 2025-2026 decides the exclusion.
  let db: Database;
  let root: string;
  let results: Map<string, Record<string, unknown>>;

  async function frail(id: string) {
    await patient(db, id, '1956-02-01');
    await encounter(db, id, { code: OFFICE_VISIT, start: '2026-03-10T09:00:00' });
    await condition(db, id, { code: DIABETES, onset: '2020-01-01' });
    await deviceRequest(db, id, { code: FRAILTY_DEVICE, authoredOn: '2026-04-01T10:00:00' });
  }

  beforeAll(async () => {
    db = await measureDb('CMS122');
    // 30 days with 11 refills from 2024-03-01: [2024-03-01, 2025-02-23] reaches into the year before.
    await frail('dementia-med-30-days-11-refills-2024');
    await medicationRequest(db, 'dementia-med-30-days-11-refills-2024', { code: RIVASTIGMINE, authoredOn: '2024-03-01T10:00:00', supplyDays: 30, refills: 11 });
    // The same without refills ends 2024-03-30.
    await frail('dementia-med-30-days-2024');
    await medicationRequest(db, 'dementia-med-30-days-2024', { code: RIVASTIGMINE, authoredOn: '2024-03-01T10:00:00', supplyDays: 30 });
    // Authored in 2023, its dosage boundsPeriod starting 2025-06-01: the period starts there.
    await frail('dementia-med-bounds-2025');
    await medicationRequest(db, 'dementia-med-bounds-2025', { code: RIVASTIGMINE, authoredOn: '2023-06-01T10:00:00', period: { start: '2025-06-01', end: '2025-08-29' } });
    // A period but not active: isMedicationActive() fails.
    await frail('dementia-med-refills-completed');
    await medicationRequest(db, 'dementia-med-refills-completed', {
      code: RIVASTIGMINE, authoredOn: '2024-03-01T10:00:00', supplyDays: 30, refills: 11, status: 'completed',
    });

    // The same order sent as FHIR: ingest computes the period from expectedSupplyDuration and
    // numberOfRepeatsAllowed.
    await frail('dementia-med-fhir-30-days-11-refills-2024');
    await frail('dementia-med-fhir-30-days-2024');
    const order = (id: string, patientId: string, refills?: number) => ({
      resourceType: 'MedicationRequest',
      id,
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '312836' }] },
      subject: { reference: `Patient/${patientId}` },
      authoredOn: '2024-03-01T10:00:00Z',
      dispenseRequest: {
        expectedSupplyDuration: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
        ...(refills === undefined ? {} : { numberOfRepeatsAllowed: refills }),
      },
    });
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-dementia-med-'));
    const folder = await writePracticeFolder(path.join(root, 't'), { practice_id: 't', name: 't', format: 'fhir' }, {
      'MedicationRequest.ndjson': [
        order('fhir-refills', 'dementia-med-fhir-30-days-11-refills-2024', 11),
        order('fhir-no-refills', 'dementia-med-fhir-30-days-2024'),
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    });
    await ingestFolder(db, folder);

    const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms122'], asOf: '2026-06-30' });
    results = await resultsByPatient(db, runId, 'cms122');
  });
  afterAll(async () => {
    db?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it.each([
    ['dementia-med-30-days-11-refills-2024', 'excluded: AdvancedIllnessFrailty'],
    ['dementia-med-30-days-2024', 'numerator: NotFound'],
    ['dementia-med-bounds-2025', 'excluded: AdvancedIllnessFrailty'],
    ['dementia-med-refills-completed', 'numerator: NotFound'],
    ['dementia-med-fhir-30-days-11-refills-2024', 'excluded: AdvancedIllnessFrailty'],
    ['dementia-med-fhir-30-days-2024', 'numerator: NotFound'],
  ])('%s -> %s', (id, expected) => {
    expect(outcomeOf(results.get(id))).toBe(expected);
  });
});
