// CMS2 (Screening for Depression and Follow-Up Plan) on hand-made patients, one per outcome.
// Measurement period 2026. Every patient without a stated variation: born 1990-05-01 (adult tool) and a
// finished depression-screening visit on 2026-06-21 08:00-08:15.
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

const SCREEN_VISIT = 'SNOMEDCT|10197000';
const ADULT_TOOL = 'LOINC|73832-8';
const ADOLESCENT_TOOL = 'LOINC|73831-0';
const NEGATIVE = 'SNOMEDCT|428171000124102';
const POSITIVE = 'SNOMEDCT|428181000124104';
const DECLINED = 'SNOMEDCT|720834000';
const CONTRAINDICATED = 'SNOMEDCT|183932001'; // Medical Reason
const PSYCHIATRY_REFERRAL = 'SNOMEDCT|183524004';
const FAMILY_PSYCHOTHERAPY = 'SNOMEDCT|108313002';
const DOXEPIN = 'RXNORM|1000048'; // Adult Depression Medications

let db: Database;
let results: Map<string, Record<string, unknown>>;

async function visitor(id: string, o: { birth?: string; code?: string; start?: string; end?: string; status?: string } = {}) {
  await patient(db, id, o.birth ?? '1990-05-01');
  await encounter(db, id, {
    code: o.code ?? SCREEN_VISIT,
    start: o.start ?? '2026-06-21T08:00:00',
    end: o.end ?? '2026-06-21T08:15:00',
    status: o.status,
  });
}

const screen = (id: string, at: string, result: string, o: { tool?: string; status?: string } = {}) =>
  observation(db, id, { code: o.tool ?? ADULT_TOOL, at, valueCode: result, status: o.status });

const notScreened = (id: string, reason: string, o: { tool?: string; issued?: string } = {}) =>
  observation(db, id, {
    code: o.tool ?? ADULT_TOOL,
    at: '2026-06-21T08:05:00',
    issued: o.issued ?? '2026-06-21T08:05:00',
    status: 'cancelled',
    notDoneReason: reason,
  });

async function positive(id: string) {
  await visitor(id);
  await screen(id, '2026-06-15T09:00:00', POSITIVE);
}

beforeAll(async () => {
  db = await measureDb('CMS2');
  // Initial population.
  await visitor('age12', { birth: '2013-12-31' }); // 12 on the first day of the period
  await visitor('age11', { birth: '2014-01-02' });
  await visitor('physical-therapy-evaluation', { code: 'SNOMEDCT|183326003' });
  await visitor('telephone-visit', { code: 'CPT|98966' });
  await visitor('visit-arrived', { status: 'arrived' });
  await visitor('visit-from-2025', { start: '2025-12-31T23:00:00', end: '2026-01-01T00:30:00' });

  // Numerator: the screening tool by age, its 14-day window and the most recent result.
  await visitor('adult-negative');
  await screen('adult-negative', '2026-06-15T09:00:00', NEGATIVE);
  await visitor('negative-14-days-before');
  await screen('negative-14-days-before', '2026-06-07T09:00:00', NEGATIVE);
  await visitor('negative-15-days-before');
  await screen('negative-15-days-before', '2026-06-06T09:00:00', NEGATIVE);
  await visitor('negative-later-same-day');
  await screen('negative-later-same-day', '2026-06-21T16:00:00', NEGATIVE);
  await visitor('negative-day-after');
  await screen('negative-day-after', '2026-06-22T09:00:00', NEGATIVE);
  await visitor('negative-preliminary');
  await screen('negative-preliminary', '2026-06-15T09:00:00', NEGATIVE, { status: 'preliminary' });
  await visitor('adult-with-adolescent-tool');
  await screen('adult-with-adolescent-tool', '2026-06-15T09:00:00', NEGATIVE, { tool: ADOLESCENT_TOOL });
  await visitor('age14-with-adult-tool', { birth: '2011-03-01' });
  await screen('age14-with-adult-tool', '2026-06-15T09:00:00', NEGATIVE);
  await visitor('age14-adolescent-negative', { birth: '2011-03-01' });
  await screen('age14-adolescent-negative', '2026-06-15T09:00:00', NEGATIVE, { tool: ADOLESCENT_TOOL });
  await visitor('age17-with-adult-tool', { birth: '2008-06-01' });
  await screen('age17-with-adult-tool', '2026-06-15T09:00:00', NEGATIVE);
  await visitor('boolean-result');
  await observation(db, 'boolean-result', { code: ADULT_TOOL, at: '2026-06-15T09:00:00', valueBoolean: true });
  await visitor('latest-is-positive');
  await screen('latest-is-positive', '2026-06-10T09:00:00', NEGATIVE);
  await screen('latest-is-positive', '2026-06-15T09:00:00', POSITIVE);

  // Numerator: follow-up of a positive screening.
  // Negative before a February visit, positive before the June visit and referred the day after it.
  await visitor('negative-feb-positive-june-referred');
  await encounter(db, 'negative-feb-positive-june-referred', { code: SCREEN_VISIT, start: '2026-02-10T08:00:00', end: '2026-02-10T08:15:00' });
  await screen('negative-feb-positive-june-referred', '2026-02-05T09:00:00', NEGATIVE);
  await screen('negative-feb-positive-june-referred', '2026-06-15T09:00:00', POSITIVE);
  await serviceRequest(db, 'negative-feb-positive-june-referred', { code: PSYCHIATRY_REFERRAL, authoredOn: '2026-06-22T10:00:00' });
  await positive('positive-no-follow-up');
  await positive('referral-2-days-after');
  await serviceRequest(db, 'referral-2-days-after', { code: PSYCHIATRY_REFERRAL, authoredOn: '2026-06-23T17:00:00' });
  await positive('referral-3-days-after');
  await serviceRequest(db, 'referral-3-days-after', { code: PSYCHIATRY_REFERRAL, authoredOn: '2026-06-24T08:00:00' });
  await positive('referral-not-requested');
  await serviceRequest(db, 'referral-not-requested', { code: PSYCHIATRY_REFERRAL, authoredOn: '2026-06-21T08:10:00', doNotPerform: true });
  await positive('psychotherapy-during-visit');
  await procedure(db, 'psychotherapy-during-visit', { code: FAMILY_PSYCHOTHERAPY, at: '2026-06-21T08:10:00' });
  await positive('psychotherapy-after-visit-ends');
  await procedure(db, 'psychotherapy-after-visit-ends', { code: FAMILY_PSYCHOTHERAPY, at: '2026-06-21T09:00:00' });
  await positive('medication-30-days');
  await medicationRequest(db, 'medication-30-days', { code: DOXEPIN, authoredOn: '2026-06-21T08:10:00', supplyDays: 30 });
  await positive('medication-without-supply');
  await medicationRequest(db, 'medication-without-supply', { code: DOXEPIN, authoredOn: '2026-06-21T08:10:00' });
  await positive('medication-1-day');
  await medicationRequest(db, 'medication-1-day', { code: DOXEPIN, authoredOn: '2026-06-21T08:10:00', supplyDays: 1 });
  // CMD medicationRequestPeriod() counts refills: 1 day x (1 + 2) runs to 2026-06-23, after the visit.
  await positive('medication-1-day-2-refills');
  await medicationRequest(db, 'medication-1-day-2-refills', { code: DOXEPIN, authoredOn: '2026-06-21T08:10:00', supplyDays: 1, refills: 2 });
  // The period from the dosage boundsPeriod (start 2026-06-01, end 2026-06-30), no days supply.
  await positive('medication-bounds-over-visit');
  await medicationRequest(db, 'medication-bounds-over-visit', { code: DOXEPIN, authoredOn: '2026-06-21T08:10:00', period: { start: '2026-06-01', end: '2026-06-30' } });

  // Denominator exclusion.
  await visitor('bipolar-before');
  await condition(db, 'bipolar-before', { code: 'SNOMEDCT|10875004', onset: '2026-06-01' });
  await screen('bipolar-before', '2026-06-15T09:00:00', NEGATIVE);
  await visitor('bipolar-same-day');
  await condition(db, 'bipolar-same-day', { code: 'SNOMEDCT|10875004', onset: '2026-06-21T07:00:00' });
  await visitor('bipolar-and-declined');
  await condition(db, 'bipolar-and-declined', { code: 'SNOMEDCT|10875004', onset: '2020-01-01' });
  await notScreened('bipolar-and-declined', DECLINED);

  // Denominator exceptions.
  await visitor('declined');
  await notScreened('declined', DECLINED);
  await visitor('medical-reason');
  await notScreened('medical-reason', CONTRAINDICATED);
  await visitor('other-reason');
  await notScreened('other-reason', 'SNOMEDCT|385432009');
  await visitor('declined-issued-next-day');
  await notScreened('declined-issued-next-day', DECLINED, { issued: '2026-06-22T08:00:00' });
  await visitor('declined-but-screened');
  await notScreened('declined-but-screened', DECLINED);
  await observation(db, 'declined-but-screened', { code: ADULT_TOOL, at: '2026-06-15T09:00:00', valueBoolean: true });
  await visitor('negative-and-other-tool-declined', { birth: '2008-06-01' });
  await screen('negative-and-other-tool-declined', '2026-06-15T09:00:00', NEGATIVE);
  await notScreened('negative-and-other-tool-declined', DECLINED, { tool: ADOLESCENT_TOOL });

  const runId = await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', measures: ['cms2'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms2');
});
afterAll(() => db?.close());

const outcome = (id: string) => outcomeOf(results.get(id));

describe('CMS2 month-end trend', () => {
  it('states the days the numerator began or stopped holding with the visits, screenings and follow-ups by then', () => {
    // each screening counts from its visit: negative from February 10; the positive one from June 21, until
    // its referral on June 22
    expect(results.get('negative-feb-positive-june-referred')).toMatchObject({
      numerator: true,
      numerator_changes: ['2026-02-10', '2026-06-21', '2026-06-22'],
    });
    expect(results.get('adult-negative')?.numerator_changes).toEqual(['2026-06-21']);
    expect(results.get('latest-is-positive')).toMatchObject({ numerator: false, numerator_changes: [] });
  });

  it('gives an odd number of changes exactly to the patients in the numerator', () => {
    expect(numeratorChangeMismatches(results)).toEqual([]);
  });
});

describe('CMS2 initial population', () => {
  it.each([
    ['age12', 'not numerator: NotFound'],
    ['age11', 'not in initial population'],
    ['physical-therapy-evaluation', 'not numerator: NotFound'],
    ['telephone-visit', 'not numerator: NotFound'],
    ['visit-arrived', 'not in initial population'],
    ['visit-from-2025', 'not in initial population'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS2 numerator: most recent screening in the 14 days before a visit, with the tool for the age', () => {
  it.each([
    ['adult-negative', 'numerator: Present'],
    ['negative-14-days-before', 'numerator: Present'],
    ['negative-15-days-before', 'not numerator: NotFound'],
    ['negative-later-same-day', 'numerator: Present'],
    ['negative-day-after', 'not numerator: NotFound'],
    ['negative-preliminary', 'not numerator: NotFound'],
    ['adult-with-adolescent-tool', 'not numerator: NotFound'],
    ['age14-with-adult-tool', 'not numerator: NotFound'],
    ['age14-adolescent-negative', 'numerator: Present'],
    ['age17-with-adult-tool', 'numerator: Present'],
    ['boolean-result', 'not numerator: NoResult'],
    ['latest-is-positive', 'not numerator: NoFollowUp'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });
});

describe('CMS2 numerator: follow-up of a positive screening', () => {
  it.each([
    ['positive-no-follow-up', 'not numerator: NoFollowUp'],
    ['referral-2-days-after', 'numerator: Present'],
    ['referral-3-days-after', 'not numerator: NoFollowUp'],
    ['referral-not-requested', 'not numerator: NoFollowUp'],
    ['psychotherapy-during-visit', 'numerator: Present'],
    ['psychotherapy-after-visit-ends', 'not numerator: NoFollowUp'],
    ['medication-30-days', 'numerator: Present'],
    ['medication-without-supply', 'not numerator: NoFollowUp'],
    ['medication-1-day', 'not numerator: NoFollowUp'],
    ['medication-1-day-2-refills', 'numerator: Present'],
    ['medication-bounds-over-visit', 'numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('states the evidence and the gap in sentences', () => {
    expect(results.get('referral-2-days-after')).toMatchObject({
      gap: false,
      evidence_date: '2026-06-23',
      evidence_table: 'observation',
      evidence_value: 'adult depression screening positive',
      close_by: null,
    });
    expect(results.get('positive-no-follow-up')).toMatchObject({
      gap: true,
      gap_text: 'Most recent adult depression screening on 2026-06-15 is positive with no follow-up plan.',
      close_by: '2026-12-31',
    });
  });
});

describe('CMS2 denominator exclusion and exceptions', () => {
  it.each([
    ['bipolar-before', 'excluded: BipolarDisorder'],
    ['bipolar-same-day', 'not numerator: NotFound'],
    ['bipolar-and-declined', 'excluded: BipolarDisorder'],
    ['declined', 'exception: PatientDeclined'],
    ['medical-reason', 'exception: MedicalReason'],
    ['other-reason', 'not numerator: NotFound'],
    ['declined-issued-next-day', 'not numerator: NotFound'],
    ['declined-but-screened', 'not numerator: NoResult'],
    ['negative-and-other-tool-declined', 'numerator: Present'],
  ])('%s -> %s', (id, expected) => {
    expect(outcome(id)).toBe(expected);
  });

  it('keeps the exception out of the gap list, with the record that decided it', () => {
    expect(results.get('declined')).toMatchObject({
      denominator: true,
      numerator: false,
      gap: false,
      evidence_table: 'observation',
      evidence_date: '2026-06-21',
      gap_text: expect.stringMatching(/^Exception \(PatientDeclined\): .* not done/),
    });
  });
});
