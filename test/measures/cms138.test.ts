// CMS138 (Tobacco Use: Screening and Cessation Intervention, 2024 content) on hand-made patients, one per
// outcome, read per population group. Measurement period 2025. Every patient without a stated variation:
// born 2000-05-01 with two finished office visits (2025-03-10 and 2025-04-10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { condition, encounter, measureDb, medicationRequest, observation, patient, procedure, numeratorChangeMismatches, outcomeOf, resultsByPatientGroup } from './core-rows.ts';

const OFFICE_VISIT = 'CPT|99213';
const SCREENING = 'LOINC|39240-7';
const USER = 'SNOMEDCT|77176002';
const NON_USER = 'SNOMEDCT|8517006';
const COUNSELING = 'SNOMEDCT|711028002';
const PHARMACOTHERAPY = 'RXNORM|636671';

let db: Database;
let rows: Map<string, Record<string, unknown>>;

async function adult(id: string, o: { birth?: string; visits?: string[]; status?: string } = {}) {
  await patient(db, id, o.birth ?? '2000-05-01');
  for (const [i, code] of (o.visits ?? [OFFICE_VISIT, OFFICE_VISIT]).entries()) {
    await encounter(db, id, { code, start: `2025-0${3 + i}-10T09:00:00`, status: o.status });
  }
}

const screen = (id: string, at: string, result?: string, category = 'survey') =>
  observation(db, id, { code: SCREENING, at, category, valueCode: result });

beforeAll(async () => {
  db = await measureDb('CMS138');
  // Initial population: 12 or older at the start of the period; two qualifying visits or one preventive visit.
  await adult('age12-at-start', { birth: '2013-01-01' });
  await adult('age11-at-start', { birth: '2013-01-02' });
  await adult('one-visit', { visits: [OFFICE_VISIT] });
  await adult('visit-and-psychotherapy', { visits: [OFFICE_VISIT, 'CPT|90832'] });
  await adult('visits-planned', { status: 'planned' });
  // One encounter coded both as an office visit and as psychotherapy is one visit.
  await adult('one-visit-two-value-sets', { visits: [OFFICE_VISIT] });
  await db.query(
    `UPDATE encounter SET type_codings = list_append(type_codings, {'system': 'CPT', 'code': '90832', 'display': NULL})
     WHERE patient_record_id = 't/one-visit-two-value-sets'`,
  );
  await adult('preventive-visit', { visits: ['CPT|99395'] });
  await adult('unlisted-preventive-service', { visits: ['CPT|99429'] });
  await adult('health-behavior-visits', { visits: ['CPT|96156', 'CPT|96158'] });

  // Screening and intervention.
  await adult('non-user');
  await screen('non-user', '2025-03-10T09:30:00', NON_USER);
  await adult('user-without-intervention');
  await screen('user-without-intervention', '2025-03-10T09:30:00', USER);
  await adult('user-counseled');
  await screen('user-counseled', '2025-03-10T09:30:00', USER);
  await procedure(db, 'user-counseled', { code: COUNSELING, at: '2025-03-10T09:40:00' });
  await adult('user-counseled-jul1-before');
  await screen('user-counseled-jul1-before', '2025-03-10T09:30:00', USER);
  await procedure(db, 'user-counseled-jul1-before', { code: COUNSELING, at: '2024-07-01T00:00:00' });
  await adult('user-counseled-jun30-before');
  await screen('user-counseled-jun30-before', '2025-03-10T09:30:00', USER);
  await procedure(db, 'user-counseled-jun30-before', { code: COUNSELING, at: '2024-06-30T23:00:00' });
  await adult('user-counseling-diagnosis');
  await screen('user-counseling-diagnosis', '2025-03-10T09:30:00', USER);
  await condition(db, 'user-counseling-diagnosis', { code: 'ICD10CM|Z71.6', onset: '2025-03-10' });
  await adult('user-pharmacotherapy-ordered');
  await screen('user-pharmacotherapy-ordered', '2025-03-10T09:30:00', USER);
  await medicationRequest(db, 'user-pharmacotherapy-ordered', { code: PHARMACOTHERAPY, authoredOn: '2025-03-10T09:45:00', status: 'completed' });
  await adult('user-pharmacotherapy-planned');
  await screen('user-pharmacotherapy-planned', '2025-03-10T09:30:00', USER);
  await medicationRequest(db, 'user-pharmacotherapy-planned', { code: PHARMACOTHERAPY, authoredOn: '2025-03-10T09:45:00', intent: 'plan' });
  // "Active Pharmacotherapy for Tobacco Cessation": an active order authored before the window (2024-07-01 to
  // 2025-12-31) whose CMD medicationRequestPeriod() (here from its dosage boundsPeriod) is during it.
  await adult('user-pharmacotherapy-active-bounds-in-window');
  await screen('user-pharmacotherapy-active-bounds-in-window', '2025-03-10T09:30:00', USER);
  await medicationRequest(db, 'user-pharmacotherapy-active-bounds-in-window', {
    code: PHARMACOTHERAPY, authoredOn: '2024-05-01T09:00:00', period: { start: '2024-08-01', end: '2024-10-29' },
  });
  // Its period starts before the window (30 days with 2 refills from 2024-05-01, to 2024-07-29): not during it.
  await adult('user-pharmacotherapy-active-period-from-before');
  await screen('user-pharmacotherapy-active-period-from-before', '2025-03-10T09:30:00', USER);
  await medicationRequest(db, 'user-pharmacotherapy-active-period-from-before', {
    code: PHARMACOTHERAPY, authoredOn: '2024-05-01T09:00:00', supplyDays: 30, refills: 2,
  });
  // A completed order with such a period is not active.
  await adult('user-pharmacotherapy-completed-bounds-in-window');
  await screen('user-pharmacotherapy-completed-bounds-in-window', '2025-03-10T09:30:00', USER);
  await medicationRequest(db, 'user-pharmacotherapy-completed-bounds-in-window', {
    code: PHARMACOTHERAPY, authoredOn: '2024-05-01T09:00:00', status: 'completed', period: { start: '2024-08-01', end: '2024-10-29' },
  });
  await adult('user-counseled-in-june');
  await screen('user-counseled-in-june', '2025-03-10T09:30:00', USER);
  await procedure(db, 'user-counseled-in-june', { code: COUNSELING, at: '2025-06-15T10:00:00' });
  await adult('later-non-user-wins');
  await screen('later-non-user-wins', '2025-03-10T09:30:00', USER);
  await screen('later-non-user-wins', '2025-09-01T09:30:00', NON_USER);
  await adult('later-user-wins');
  await screen('later-user-wins', '2025-03-10T09:30:00', NON_USER);
  await screen('later-user-wins', '2025-09-01T09:30:00', USER);
  await adult('screening-without-result');
  await screen('screening-without-result', '2025-03-10T09:30:00');
  await adult('screening-laboratory-category');
  await screen('screening-laboratory-category', '2025-03-10T09:30:00', NON_USER, 'laboratory');
  await adult('screening-2024');
  await screen('screening-2024', '2024-12-31T23:00:00', NON_USER);

  // Hospice excludes in every group whose denominator the patient is in.
  await adult('hospice-user');
  await screen('hospice-user', '2025-03-10T09:30:00', USER);
  await procedure(db, 'hospice-user', { code: 'SNOMEDCT|385763009', at: '2025-11-01T10:00:00' });
  await adult('hospice-non-user');
  await screen('hospice-non-user', '2025-03-10T09:30:00', NON_USER);
  await procedure(db, 'hospice-non-user', { code: 'SNOMEDCT|385763009', at: '2025-11-01T10:00:00' });

  const runId = await runMeasures(db, { periodStart: '2025-01-01', periodEnd: '2025-12-31', measures: ['cms138'], asOf: '2025-06-30' });
  rows = await resultsByPatientGroup(db, runId, 'cms138');
});
afterAll(() => db?.close());

/** One patient's outcome in groups 1, 2 and 3. */
const outcomes = (id: string) => ['Group_1', 'Group_2', 'Group_3'].map((group) => outcomeOf(rows.get(`${id} ${group}`)));

describe('CMS138 month-end trend', () => {
  /** The days each group's numerator began or stopped holding with the screenings and interventions by then. */
  const changes = (id: string) => ['Group_1', 'Group_2', 'Group_3'].map((group) => rows.get(`${id} ${group}`)?.numerator_changes);

  it('states them per group', () => {
    expect(changes('user-counseled-in-june')).toEqual([['2025-03-10'], ['2025-06-15'], ['2025-06-15']]);
    // counseled before the period, screened a user in March: group 3 holds from the screening
    expect(changes('user-counseled-jul1-before')).toEqual([['2025-03-10'], ['2024-07-01'], ['2025-03-10']]);
    // non-user in March (group 3 met), user in September without an intervention (no longer met)
    expect(changes('later-user-wins')).toEqual([['2025-03-10'], [], ['2025-03-10', '2025-09-01']]);
    expect(changes('later-non-user-wins')).toEqual([['2025-03-10'], [], ['2025-09-01']]);
    expect(changes('screening-without-result')).toEqual([[], [], []]);
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(rows)).toEqual([]);
  });
});

describe('CMS138 initial population', () => {
  it.each([
    ['age12-at-start', true],
    ['age11-at-start', false],
    ['one-visit', false],
    ['visit-and-psychotherapy', true],
    ['visits-planned', false],
    ['one-visit-two-value-sets', false],
    ['preventive-visit', true],
    ['unlisted-preventive-service', true],
    ['health-behavior-visits', true],
  ])('%s -> %s', (id, inPopulation) => {
    expect(outcomes(id)[0] !== 'not in initial population').toBe(inPopulation);
  });

  it('gives every patient in it one row per group', () => {
    expect(outcomes('age12-at-start')).toEqual(['not numerator: NotFound', 'not in denominator', 'not numerator: NotFound']);
  });
});

describe('CMS138 population groups', () => {
  it.each([
    ['non-user', ['numerator: Present', 'not in denominator', 'numerator: Present']],
    ['user-without-intervention', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['user-counseled', ['numerator: Present', 'numerator: Present', 'numerator: Present']],
    ['user-counseled-jul1-before', ['numerator: Present', 'numerator: Present', 'numerator: Present']],
    ['user-counseled-jun30-before', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['user-counseling-diagnosis', ['numerator: Present', 'numerator: Present', 'numerator: Present']],
    ['user-pharmacotherapy-ordered', ['numerator: Present', 'numerator: Present', 'numerator: Present']],
    ['user-pharmacotherapy-planned', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['user-pharmacotherapy-active-bounds-in-window', ['numerator: Present', 'numerator: Present', 'numerator: Present']],
    ['user-pharmacotherapy-active-period-from-before', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['user-pharmacotherapy-completed-bounds-in-window', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['later-non-user-wins', ['numerator: Present', 'not in denominator', 'numerator: Present']],
    ['later-user-wins', ['numerator: Present', 'not numerator: NotFound', 'not numerator: NotFound']],
    ['screening-without-result', ['not numerator: NoResult', 'not in denominator', 'not numerator: NoResult']],
    ['screening-laboratory-category', ['not numerator: NotFound', 'not in denominator', 'not numerator: NotFound']],
    ['screening-2024', ['not numerator: DateOutOfRange', 'not in denominator', 'not numerator: DateOutOfRange']],
    ['hospice-user', ['excluded: Hospice', 'excluded: Hospice', 'excluded: Hospice']],
    ['hospice-non-user', ['excluded: Hospice', 'not in denominator', 'excluded: Hospice']],
  ])('%s -> %j', (id, expected) => {
    expect(outcomes(id)).toEqual(expected);
  });

  it('reports the intervention as the evidence of a met group 2 numerator', () => {
    const r = rows.get('user-counseled Group_2')!;
    expect(r.evidence_table).toBe('procedure');
    expect(r.gap_text).toBe('Tobacco cessation counseling on 2025-03-10: 711028002.');
  });

  it('dates active pharmacotherapy by the start of its medication period', () => {
    expect(rows.get('user-pharmacotherapy-active-bounds-in-window Group_2')).toMatchObject({
      evidence_table: 'medication_request',
      gap_text: 'Tobacco cessation pharmacotherapy on 2024-08-01: 636671.',
    });
  });

  it('says what closes an open gap', () => {
    const r = rows.get('user-without-intervention Group_2')!;
    expect(r.gap_text).toBe(
      'Tobacco user (screened on 2025-03-10); no cessation counseling or pharmacotherapy between 2024-07-01 and 2025-12-31.',
    );
    expect(r.close_action).toBe('Provide tobacco cessation counseling or order cessation pharmacotherapy by 2025-12-31.');
    expect(rows.get('non-user Group_2')!.close_action).toBeNull();
  });
});
