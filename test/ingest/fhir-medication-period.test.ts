// MedicationRequest period at ingest: medication_request.period_start/period_end are the Interval that
// CumulativeMedicationDuration (CMD 6.0.000) medicationRequestPeriod() returns, one request per case below
// (all for one patient, authoredOn 2024-03-01 unless the case says otherwise):
//   startDate = Coalesce(date from start of dosage boundsPeriod, date from authoredOn, date from start of
//               dispenseRequest.validityPeriod);
//   total     = Coalesce(expectedSupplyDuration in days, quantity / (dose x dosesPerDay)) x (1 + refills);
//   period    = [startDate, startDate + total - 1 day] (decimal days ignored), else [startDate, end of
//               boundsPeriod], else null.
// Plus: an old database (medication_request without the period columns) opens and keeps a period.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { applySchema } from '../../server/db/schema.ts';
import { ingestFolder } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const days = (value: number, code = 'd') => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
const tablets = (value: number) => ({ value, unit: 'tablet' });

/** A MedicationRequest for patient p1 with the given dosage / dispenseRequest elements. */
function request(id: string, extra: Record<string, unknown>) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '312836' }] },
    subject: { reference: 'Patient/p1' },
    authoredOn: '2024-03-01T10:00:00Z',
    ...extra,
  };
}
const dosage = (timing: Record<string, unknown> | null, dose?: Record<string, unknown>) => ({
  dosageInstruction: [{ ...(timing ? { timing: { repeat: timing } } : {}), ...(dose ? { doseAndRate: [dose] } : {}) }],
});

// [id, resource elements, expected [period_start, period_end] (null: CMD's period is null)]
const CASES: [string, Record<string, unknown>, [string, string] | null][] = [
  // expectedSupplyDuration x (1 + numberOfRepeatsAllowed)
  ['supply-30-days', { dispenseRequest: { expectedSupplyDuration: days(30) } }, ['2024-03-01', '2024-03-30']],
  ['supply-30-days-11-refills', { dispenseRequest: { expectedSupplyDuration: days(30), numberOfRepeatsAllowed: 11 } }, ['2024-03-01', '2025-02-23']],
  ['supply-2-weeks-1-refill', { dispenseRequest: { expectedSupplyDuration: days(2, 'wk'), numberOfRepeatsAllowed: 1 } }, ['2024-03-01', '2024-03-28']],
  // quantity / (dose x doses per day), the doses per day from frequency (or frequencyMax) per period
  ['quantity-60-twice-a-day-2-refills', {
    ...dosage({ frequency: 2, period: 1, periodUnit: 'd' }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(60), numberOfRepeatsAllowed: 2 },
  }, ['2024-03-01', '2024-05-29']], // 30 days x 3
  ['quantity-frequency-max-dose-range', {
    ...dosage({ frequency: 1, frequencyMax: 3, period: 1, periodUnit: 'd' }, { doseRange: { low: tablets(1), high: tablets(2) } }),
    dispenseRequest: { quantity: tablets(60) },
  }, ['2024-03-01', '2024-03-10']], // 60 / (2 x 3) = 10 days
  ['quantity-every-8-hours', {
    ...dosage({ frequency: 1, period: 8, periodUnit: 'h' }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(90) },
  }, ['2024-03-01', '2024-03-30']], // 3 a day
  ['quantity-once-a-week', {
    ...dosage({ frequency: 1, period: 1, periodUnit: 'wk' }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(4) },
  }, ['2024-03-01', '2024-03-28']], // 1/7 a day: 28 days
  ['quantity-time-of-day', {
    ...dosage({ timeOfDay: ['08:00:00', '20:00:00'] }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(28) },
  }, ['2024-03-01', '2024-03-14']], // Count(timeOfDay) = 2 a day
  ['quantity-22.5-days', {
    ...dosage({ frequency: 2, period: 1, periodUnit: 'd' }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(45) },
  }, ['2024-03-01', '2024-03-22']], // + 21.5 days: the decimal part is ignored
  // Count() of no timeOfDay is 0, not null, so CMD's default of 1 a day is never reached: no supply.
  ['quantity-without-timing', { ...dosage(null, { doseQuantity: tablets(1) }), dispenseRequest: { quantity: tablets(30) } }, null],
  ['quantity-unknown-period-unit', {
    ...dosage({ frequency: 1, period: 1, periodUnit: 'fortnight' }, { doseQuantity: tablets(1) }),
    dispenseRequest: { quantity: tablets(30) },
  }, null],
  ['quantity-without-dose', { ...dosage({ frequency: 1, period: 1, periodUnit: 'd' }), dispenseRequest: { quantity: tablets(30) } }, null],
  // The start: boundsPeriod start, else authoredOn, else validityPeriod start.
  ['bounds-start-with-supply', {
    ...dosage({ boundsPeriod: { start: '2024-04-01T09:00:00Z', end: '2024-12-31' } }),
    dispenseRequest: { expectedSupplyDuration: days(30) },
  }, ['2024-04-01', '2024-04-30']],
  ['validity-start-without-authored-on', {
    authoredOn: undefined,
    dispenseRequest: { validityPeriod: { start: '2024-05-01', end: '2025-05-01' }, expectedSupplyDuration: days(30) },
  }, ['2024-05-01', '2024-05-30']],
  ['authored-on-before-validity-start', {
    dispenseRequest: { validityPeriod: { start: '2024-05-01' }, expectedSupplyDuration: days(30) },
  }, ['2024-03-01', '2024-03-30']],
  // Without a supply: the end of boundsPeriod, from the start as above; else null.
  ['bounds-period-without-supply', { ...dosage({ boundsPeriod: { start: '2024-04-01', end: '2024-06-30' } }) }, ['2024-04-01', '2024-06-30']],
  ['bounds-end-only-without-supply', { ...dosage({ boundsPeriod: { end: '2024-06-30' } }) }, ['2024-03-01', '2024-06-30']],
  ['bounds-start-only-without-supply', { ...dosage({ boundsPeriod: { start: '2024-04-01' } }) }, null],
  ['authored-on-only', {}, null],
  // CMD takes the single dosageInstruction; with two (an error in CQL) neither is used.
  ['two-dosage-instructions', {
    dosageInstruction: [
      { timing: { repeat: { boundsPeriod: { start: '2024-04-01', end: '2024-04-30' } } } },
      { timing: { repeat: { boundsPeriod: { start: '2024-05-01', end: '2024-05-31' } } } },
    ],
    dispenseRequest: { expectedSupplyDuration: days(30) },
  }, ['2024-03-01', '2024-03-30']],
];

describe('MedicationRequest period (CMD medicationRequestPeriod()) at ingest', () => {
  let root: string;
  let db: Database;
  let periods: Map<string, [string, string] | null>;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-medication-period-'));
    const folder = await writePracticeFolder(path.join(root, 'MP'), { practice_id: 'MP', name: 'MP', format: 'fhir' }, {
      'Patient.ndjson': ndjson({ resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1950-02-03' }),
      'MedicationRequest.ndjson': ndjson(
        ...CASES.map(([id, extra]) => request(id, extra)),
        request('bounds-start-not-a-date', { ...dosage({ boundsPeriod: { start: '2024-13-45' } }) }),
      ),
    });
    db = await memoryDb();
    await ingestFolder(db, folder);
    const rows = await db.query(`SELECT source_id, period_start, period_end FROM medication_request WHERE practice_id = 'MP'`);
    periods = new Map(rows.map((r) => [String(r.source_id), r.period_start === null ? null : [String(r.period_start), String(r.period_end)]]));
  });
  afterAll(async () => {
    db?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each(CASES.map(([id, , expected]) => [id, expected]))('%s -> %j', (id, expected) => {
    expect(periods.has(id), id).toBe(true);
    expect(periods.get(id)).toEqual(expected);
  });

  it('rejects a boundsPeriod date that does not parse (InvalidDate), as for authoredOn', async () => {
    expect(periods.has('bounds-start-not-a-date')).toBe(false);
    expect(await db.query(`SELECT record_id, reason, detail FROM rejected_row WHERE record_id = 'bounds-start-not-a-date'`)).toEqual([
      {
        record_id: 'bounds-start-not-a-date',
        reason: 'InvalidDate',
        detail: 'MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.start is not a FHIR date/time: 2024-13-45',
      },
    ]);
  });
});

describe('a database made before the period columns', () => {
  it('opens: the schema adds period_start/period_end and gives old rows [authored_on, + supply_days - 1]', async () => {
    const db = await Database.open({ path: ':memory:', poolSize: 1 });
    try {
      // medication_request as the schema made it before (the columns the backfill reads).
      await db.exec(`CREATE TABLE medication_request (
        medication_request_id VARCHAR NOT NULL, practice_id VARCHAR NOT NULL, source_file_id INTEGER NOT NULL,
        source_id VARCHAR NOT NULL, patient_record_id VARCHAR NOT NULL, encounter_id VARCHAR, status VARCHAR,
        intent VARCHAR, do_not_perform BOOLEAN NOT NULL DEFAULT false,
        medication_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[], authored_on TIMESTAMP,
        reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
        not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
        supply_days DOUBLE, provider_id VARCHAR)`);
      await db.exec(`INSERT INTO medication_request (medication_request_id, practice_id, source_file_id, source_id, patient_record_id, authored_on, supply_days)
                     VALUES ('o/m1', 'o', 1, 'm1', 'o/p1', TIMESTAMP '2024-03-01 10:00:00', 30),
                            ('o/m2', 'o', 1, 'm2', 'o/p1', TIMESTAMP '2024-03-01 10:00:00', NULL)`);
      await applySchema(db);
      await applySchema(db); // every start applies the schema: the second time changes nothing
      expect(await db.query('SELECT source_id, period_start, period_end FROM medication_request ORDER BY 1')).toEqual([
        { source_id: 'm1', period_start: '2024-03-01', period_end: '2024-03-30' },
        { source_id: 'm2', period_start: null, period_end: null },
      ]);
    } finally {
      db.close();
    }
  });
});
