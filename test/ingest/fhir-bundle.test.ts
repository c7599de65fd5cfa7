// FHIR Bundle JSON files: two real eCQM test-case Bundles (QI-Core, read in place from the shared
// fixtures) load through ingestFiles as the conformance runner does, Patients first whatever their entry
// position; plus a hand-written transaction Bundle identified by urn:uuid fullUrls, and a JSON file
// holding one bare resource.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestFiles, type PracticeSummary } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const ECQM = '/work/shared/fixtures/ecqm';
const MEDICATION_REFERENCE = `${ECQM}/CMS165/tests/DENEXPass-DementiaMedicationRequestAsReference__45e01fed-56bb-483d-a860-af3d566bda11.json`;
const NOT_DONE = `${ECQM}/CMS69/tests/Enc_01_02_2023_pt_refused_BMI_dietary_and_had_a_medical_reason_for_not_providing_a_referra__ff09cf1e-5b30-45c7-9cc6-d5daf48a3933.json`;
const OWN = path.resolve(import.meta.dirname, '../fixtures/ingest/fhir/bundles');

let db: Database;
let conformance: PracticeSummary;
let own: PracticeSummary;
beforeAll(async () => {
  db = await memoryDb();
  conformance = await ingestFiles(db, { practice_id: 'conformance', name: 'eCQM test cases', format: 'fhir' }, ECQM, [MEDICATION_REFERENCE, NOT_DONE]);
  own = await ingestFiles(db, { practice_id: 'B', name: 'Bundles', format: 'fhir' }, OWN, ['transaction-urn-uuid.json', 'single-patient.json']);
});
afterAll(() => db.close());

const coding = (system: string, code: string, display: string | null = null) => ({ system, code, display });

describe('eCQM test-case Bundles', () => {
  it('loads every entry but the MeasureReport, which is rejected as a resource type Caliper does not load', async () => {
    const [first, second] = conformance.files;
    expect(first!.format).toBe('fhir-bundle');
    expect(first!.counts).toEqual([
      { resource_type: 'Condition', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'DeviceRequest', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'Encounter', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'MeasureReport', read: 1, loaded: 0, rejected: 1 },
      { resource_type: 'Medication', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'MedicationRequest', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 }, // entry 6, after the resources that reference it
    ]);
    expect(second!.counts.map((c) => [c.resource_type, c.loaded, c.rejected])).toEqual([
      ['Coverage', 1, 0],
      ['Encounter', 1, 0],
      ['MeasureReport', 0, 1],
      ['Observation', 1, 0],
      ['Organization', 1, 0],
      ['Patient', 1, 0],
      ['ServiceRequest', 1, 0],
    ]);
    const rejected = await db.query(
      `SELECT line_no, resource_type, reason, raw FROM rejected_row WHERE source_file_id = $id`,
      { id: first!.source_file_id },
    );
    expect(rejected).toEqual([
      { line_no: 7, resource_type: 'MeasureReport', reason: 'UnknownResourceType', raw: expect.stringMatching(/^\{"resourceType":"MeasureReport","id":"2cea029b-/) },
    ]);
    expect(await db.query(`SELECT format, content, rows_read, rows_loaded, rows_rejected FROM source_file WHERE source_file_id = $id`, { id: first!.source_file_id })).toEqual([
      { format: 'fhir-bundle', content: null, rows_read: 7, rows_loaded: 6, rows_rejected: 1 },
    ]);
  });

  it('resolves a medicationReference against the Medication in the same Bundle', async () => {
    expect(
      await db.query(
        `SELECT patient_record_id, medication_codings, do_not_perform, authored_on, supply_days, period_start, period_end, provider_id
         FROM medication_request WHERE source_id = 'b4d89ccf-2291-4f04-a017-5641770e0464'`,
      ),
    ).toEqual([
      {
        patient_record_id: 'conformance/45e01fed-56bb-483d-a860-af3d566bda11',
        medication_codings: [coding('RXNORM', '312836', 'rivastigmine 6 MG Oral Capsule')],
        do_not_perform: false,
        authored_on: '2026-12-30T00:00:00.000Z',
        supply_days: 90, // expectedSupplyDuration 90 "days"
        period_start: '2026-12-30', // CMD medicationRequestPeriod(): [authoredOn, + 90 days - 1]
        period_end: '2027-03-29',
        provider_id: 'conformance/example',
      },
    ]);
    expect(await db.query(`SELECT race_codes, ethnicity_codes FROM patient_record WHERE source_id = '45e01fed-56bb-483d-a860-af3d566bda11'`)).toEqual([
      { race_codes: ['2028-9'], ethnicity_codes: ['2135-2'] },
    ]);
    expect(await db.query(`SELECT do_not_perform FROM device_request WHERE source_id = '6ac70163-24c1-4b23-9c9f-598a1b83d8ab'`)).toEqual([
      { do_not_perform: false },
    ]);
  });

  it('keeps QI-Core negation: a qicore-notDone Observation and a doNotPerform ServiceRequest with reasons', async () => {
    expect(
      await db.query(`SELECT status, not_done, not_done_reason_codings, effective_start FROM observation WHERE source_id = '179ccd6b-2ef7-432e-9643-59cb633faa45'`),
    ).toEqual([
      {
        status: 'final',
        not_done: true,
        not_done_reason_codings: [coding('SNOMEDCT', '183932001', 'Procedure contraindicated (situation)')],
        effective_start: '2026-01-02T00:29:00.000Z',
      },
    ]);
    const [request] = await db.query(`SELECT do_not_perform, not_done_reason_codings FROM service_request WHERE source_id = '0d37b7b1-f2d1-4594-994d-fef7c0c6d48e'`);
    expect(request!.do_not_perform).toBe(true);
    expect(request!.not_done_reason_codings).toContainEqual(coding('SNOMEDCT', '183932001', 'Procedure contraindicated (situation)'));
    // The payer's name comes from the Organization entry of the same Bundle.
    expect(await db.query(`SELECT payer_id, payer_name FROM coverage WHERE source_id = '8bbf769f-df3e-4f51-8da1-7b8cd19b50ce'`)).toEqual([
      { payer_id: '8d9b794e-df31-4ac0-a7bf-6b8152f39a3c', payer_name: 'Blue Cross Blue Shield of Texas' },
    ]);
  });
});

describe('hand-written Bundles', () => {
  it('takes an id from a urn:uuid fullUrl and resolves urn:uuid references; an entry without a resource is rejected', async () => {
    const [transaction] = own.files;
    expect(transaction!.counts).toEqual([
      { resource_type: '(unknown)', read: 1, loaded: 0, rejected: 1 },
      { resource_type: 'Condition', read: 1, loaded: 1, rejected: 0 },
      { resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 },
    ]);
    expect(await db.query(`SELECT patient_record_id, birth_date FROM patient_record WHERE practice_id = 'B' AND family_name = 'Transaction'`)).toEqual([
      { patient_record_id: 'B/0f8e1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f', birth_date: '1970-07-01' },
    ]);
    expect(await db.query(`SELECT condition_id, patient_record_id, onset_start FROM condition WHERE practice_id = 'B'`)).toEqual([
      {
        condition_id: 'B/6a1c0b43-8d5e-4a57-9f1e-2f4c9d3b7e10',
        patient_record_id: 'B/0f8e1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
        onset_start: '2023-04-04T21:07:08.000Z', // 06:07:08+09:00
      },
    ]);
    expect(await db.query(`SELECT line_no, reason, raw FROM rejected_row WHERE source_file_id = $id`, { id: transaction!.source_file_id })).toEqual([
      { line_no: 3, reason: 'UnknownResourceType', raw: expect.stringContaining('"method":"DELETE"') },
    ]);
  });

  it('loads a JSON file holding one bare resource as a one-entry batch', async () => {
    expect(own.files[1]!.counts).toEqual([{ resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 }]);
    expect(await db.query(`SELECT birth_date, sex FROM patient_record WHERE source_id = 'solo'`)).toEqual([{ birth_date: '1980-02-03', sex: 'male' }]);
  });
});
