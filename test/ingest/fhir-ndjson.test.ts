// FHIR NDJSON (Bulk Data) happy path: one practice folder with a file per resource kind
// (test/fixtures/ingest/fhir/happy) loads through the orchestrator into the core model, with the
// extracted columns checked element by element (negation forms, blood pressure, race/ethnicity,
// partial dates, time-zone offsets, reference forms) and the practice's code map applied.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import type { Row } from '../../server/db/json.ts';
import { ingestFolder, type PracticeSummary } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const HAPPY = path.resolve(import.meta.dirname, '../fixtures/ingest/fhir/happy');

let db: Database;
let summary: PracticeSummary;
beforeAll(async () => {
  db = await memoryDb();
  summary = await ingestFolder(db, HAPPY);
});
afterAll(() => db.close());

/** The core row with this source id (tables from the fixed list below only). */
async function row(table: string, sourceId: string): Promise<Row> {
  const rows = await db.query(`SELECT * EXCLUDE (practice_id, source_file_id) FROM ${table} WHERE source_id = $id`, { id: sourceId });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const coding = (system: string, code: string, display: string | null = null) => ({ system, code, display });

describe('loading a FHIR NDJSON practice folder', () => {
  it('loads every line of every file, Patients first, and counts read = loaded per resource type', async () => {
    expect(summary.files.map((f) => path.basename(f.path))).toEqual([
      'Patient.ndjson',
      'Practitioner.ndjson',
      'Organization.ndjson',
      'Medication.ndjson',
      'Encounter.ndjson',
      'Condition.ndjson',
      'Observation.ndjson',
      'Procedure.ndjson',
      'MedicationRequest.ndjson',
      'ServiceRequest.ndjson',
      'DeviceRequest.ndjson',
      'Immunization.ndjson',
      'Coverage.ndjson',
      'Claim.ndjson',
    ]);
    expect(summary.files.every((f) => f.status === 'loaded' && f.format === 'fhir-ndjson')).toBe(true);
    expect(Object.fromEntries(summary.counts.map((c) => [c.resource_type, [c.read, c.loaded, c.rejected]]))).toEqual({
      Claim: [1, 1, 0],
      Condition: [1, 1, 0],
      Coverage: [1, 1, 0],
      DeviceRequest: [2, 2, 0],
      Encounter: [1, 1, 0],
      Immunization: [2, 2, 0],
      Medication: [1, 1, 0],
      MedicationRequest: [3, 3, 0],
      Observation: [10, 10, 0],
      Organization: [1, 1, 0],
      Patient: [2, 2, 0],
      Practitioner: [1, 1, 0],
      Procedure: [2, 2, 0],
      ServiceRequest: [2, 2, 0],
    });
    const files = await db.query(`SELECT content, rows_read, rows_loaded, rows_rejected, status FROM source_file WHERE content = 'Observation'`);
    expect(files).toEqual([{ content: 'Observation', rows_read: 10, rows_loaded: 10, rows_rejected: 0, status: 'loaded' }]);
    expect(await db.query('SELECT count(*) AS n FROM rejected_row')).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT name, tin, ehr, source_format FROM practice WHERE practice_id = 'HAPPY'`)).toEqual([
      { name: 'Happy Path Family Medicine', tin: '123456789', ehr: 'TestEHR', source_format: 'fhir' },
    ]);
  });

  it('extracts Patient identifiers, names, address, US Core race/ethnicity and partial or offset dates', async () => {
    expect(await row('patient_record', 'p1')).toMatchObject({
      patient_record_id: 'HAPPY/p1',
      mrn: 'MRN-001',
      mbi: '1EG4TE5MK73',
      member_id: 'MEM-9',
      family_name: 'Smith', // the official name wins over the usual one
      given_names: ['Joanna', 'Q'],
      birth_date: '1950-03-04',
      sex: 'female',
      race_codes: ['2106-3', '2108-9'], // OMB category and detailed code
      ethnicity_codes: ['2186-5'],
      address_line: '12 Main St, Apt 3', // the home address
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      phone: '555-0101',
      deceased: false,
      deceased_at: null,
      active: true,
      pcp_provider_id: 'HAPPY/dr1',
    });
    expect(await row('patient_record', 'p2')).toMatchObject({
      mrn: 'MRN-002', // untyped identifier
      birth_date: '1961-01-01', // birthDate "1961": the first day
      race_codes: ['2054-5'], // sent under the omb-race-category URL
      ethnicity_codes: ['2135-2', '2148-5'],
      deceased: true,
      deceased_at: '2024-05-01T14:00:00.000Z', // 10:00-04:00
    });
  });

  it('extracts providers and organizations', async () => {
    expect(await row('provider', 'dr1')).toMatchObject({ provider_id: 'HAPPY/dr1', npi: '1234567893', family_name: 'Welby', given_name: 'Marcus' });
    expect(await row('organization', 'org1')).toMatchObject({ name: 'Acme Health Plan', identifier: 'ACME-01', type_code: 'pay' });
  });

  it('extracts Encounter class, type, UTC period, discharge disposition, diagnoses and performer', async () => {
    expect(await row('encounter', 'e1')).toEqual({
      encounter_id: 'HAPPY/e1',
      source_id: 'e1',
      patient_record_id: 'HAPPY/p1',
      status: 'finished',
      class_code: 'AMB',
      type_codings: [coding('CPT', '99213', 'Office visit')],
      period_start: '2024-03-01T14:00:00.000Z',
      period_end: '2024-03-01T14:30:00.000Z',
      discharge_disposition: [coding('NUBC', '01', 'Discharged to home')],
      diagnosis_condition_ids: ['HAPPY/c1'],
      provider_id: 'HAPPY/dr1',
    });
  });

  it('extracts Condition statuses, codes, body site, a partial onset and an abatement period', async () => {
    expect(await row('condition', 'c1')).toMatchObject({
      category_codes: ['problem-list-item'],
      clinical_status: 'active',
      verification_status: 'confirmed',
      codings: [coding('ICD10CM', 'E11.9', 'Type 2 diabetes mellitus without complications'), coding('SNOMEDCT', '44054006')],
      body_site_codings: [coding('SNOMEDCT', '113331007', 'Endocrine system')],
      onset_start: '2019-06-01T00:00:00.000Z', // onsetDateTime "2019-06"
      onset_end: null,
      abatement_start: '2023-01-02T00:00:00.000Z',
      abatement_end: '2023-02-03T04:05:06.000Z',
      recorded_at: '2019-07-01T00:00:00.000Z',
    });
  });

  it('extracts a blood pressure panel into systolic/diastolic, with the offset converted to UTC', async () => {
    expect(await row('observation', 'o-bp')).toMatchObject({
      patient_record_id: 'HAPPY/p1',
      encounter_id: 'HAPPY/e1',
      category_codes: ['vital-signs'],
      codings: [coding('LOINC', '85354-9', 'Blood pressure panel')],
      effective_start: '2024-03-01T14:10:00.000Z', // 16:10+02:00
      effective_end: '2024-03-01T14:10:00.000Z',
      systolic: 142,
      diastolic: 91,
      components: [
        { codings: [coding('LOINC', '8480-6')], value_num: 142, value_unit: 'mm[Hg]' },
        { codings: [coding('LOINC', '8462-4')], value_num: 91, value_unit: 'mm[Hg]' },
      ],
      has_value: false, // the panel has no value[x] of its own, only components
      not_done: false,
    });
  });

  it('extracts Observation values of every type, periods, issued, and an absolute-URL subject', async () => {
    expect(await row('observation', 'o-a1c')).toMatchObject({
      patient_record_id: 'HAPPY/p1', // https://ehr.example.org/fhir/Patient/p1/_history/3
      effective_start: '2024-02-01T08:00:00.000Z',
      effective_end: '2024-02-01T08:15:00.000Z',
      issued: '2024-02-02T11:00:00.250Z',
      value_num: 7.2,
      value_unit: '%',
      has_value: true,
    });
    expect(await row('observation', 'o-survey')).toMatchObject({
      category_codes: ['survey'], // a text-only category
      effective_start: '2024-01-15T10:00:00.000Z', // no offset: taken as UTC
      value_codings: [coding('SNOMEDCT', '8517006', 'Ex-smoker')],
      has_value: true,
    });
    expect(await row('observation', 'o-bool')).toMatchObject({ value_boolean: true, effective_start: '2024-01-16T10:00:00.123Z', has_value: true });
    expect(await row('observation', 'o-int')).toMatchObject({ status: 'amended', value_num: 3, has_value: true });
    expect(await row('observation', 'o-string')).toMatchObject({ value_string: 'negative', value_num: null, has_value: true });
    expect(await row('observation', 'o-absent')).toMatchObject({ data_absent_reason: 'unknown', value_num: null, has_value: false });
  });

  it('marks cancelled and qicore-notDone Observations not done, with the notDoneReason', async () => {
    expect(await row('observation', 'o-cancelled')).toMatchObject({
      patient_record_id: 'HAPPY/p2', // urn:uuid:p2
      status: 'cancelled',
      effective_start: '2024-01-01T00:00:00.000Z', // effectiveDateTime "2024"
      not_done: true,
      not_done_reason_codings: [coding('SNOMEDCT', '183932001', 'Procedure contraindicated')],
    });
    expect(await row('observation', 'o-notdone')).toMatchObject({ status: 'final', not_done: true });
  });

  it('applies the practice code map: the standard coding first, the local one kept', async () => {
    expect((await row('observation', 'o-local')).codings).toEqual([
      coding('LOINC', '2345-7', 'Glucose [Mass/volume] in Serum or Plasma'),
      coding('http://acme.example/lab-codes', 'GLU1', 'Glucose (in-house)'),
    ]);
    expect(await db.query(`SELECT local_system, local_code, code_system, code FROM local_code_map`)).toEqual([
      { local_system: 'http://acme.example/lab-codes', local_code: 'GLU1', code_system: 'LOINC', code: '2345-7' },
    ]);
  });

  it('extracts Procedures, including not-done with its statusReason and the qicore-recorded date', async () => {
    expect(await row('procedure', 'pr1')).toMatchObject({
      encounter_id: 'HAPPY/e1',
      status: 'completed',
      codings: [coding('CPT', '45378', 'Colonoscopy')],
      body_site_codings: [coding('SNOMEDCT', '71854001', 'Colon')],
      performed_start: '2024-03-01T10:00:00.000Z',
      performed_end: '2024-03-01T11:00:00.000Z',
      recorded_at: '2024-03-02T00:00:00.000Z',
      reason_codings: [coding('SNOMEDCT', '275978004', 'Screening for colon cancer')],
      not_done: false,
      provider_id: 'HAPPY/dr1',
    });
    expect(await row('procedure', 'pr2')).toMatchObject({
      patient_record_id: 'HAPPY/p2',
      not_done: true,
      not_done_reason_codings: [coding('SNOMEDCT', '105480006', 'Refusal of treatment by patient')],
      performed_start: '2024-03-05T00:00:00.000Z',
    });
  });

  it('resolves MedicationRequest medications: inline, by reference to a Medication file, and contained', async () => {
    expect(await row('medication_request', 'mr1')).toMatchObject({
      intent: 'order',
      do_not_perform: false,
      medication_codings: [coding('RXNORM', '860975', 'metformin 500 MG')],
      authored_on: '2024-03-01T00:00:00.000Z',
      reason_codings: [coding('ICD10CM', 'E11.9')],
      supply_days: 30,
      period_start: '2024-03-01', // CMD medicationRequestPeriod(): [authoredOn, + 30 days - 1]
      period_end: '2024-03-30',
      provider_id: 'HAPPY/dr1',
    });
    expect(await row('medication_request', 'mr2')).toMatchObject({
      do_not_perform: true,
      medication_codings: [coding('RXNORM', '312836', 'rivastigmine 6 MG Oral Capsule')], // Medication.ndjson
      not_done_reason_codings: [coding('SNOMEDCT', '182890002', 'Patient requests alternative treatment')],
    });
    expect(await row('medication_request', 'mr3')).toMatchObject({
      intent: 'plan',
      medication_codings: [coding('RXNORM', '197361', 'amlodipine 5 MG')], // contained "#m1"
      supply_days: 14, // 2 wk
      period_start: '2024-03-03',
      period_end: '2024-03-16',
    });
  });

  it('extracts ServiceRequest and DeviceRequest negation (doNotPerform with its reasons)', async () => {
    expect(await row('service_request', 'sr1')).toMatchObject({
      do_not_perform: true,
      category_codes: ['386053000'],
      codings: [coding('SNOMEDCT', '182922004', 'Dietary regime')],
      authored_on: '2024-06-15T08:00:00.000Z',
      not_done_reason_codings: [coding('SNOMEDCT', '183932001', 'Procedure contraindicated')],
      provider_id: 'HAPPY/dr1',
    });
    expect(await row('service_request', 'sr2')).toMatchObject({
      do_not_perform: false,
      reason_codings: [coding('ICD10CM', 'E66.9')],
      not_done_reason_codings: [coding('SNOMEDCT', '105480006', 'Refusal of treatment by patient')], // qicore-reasonRefused
    });
    expect(await row('device_request', 'dev1')).toMatchObject({
      do_not_perform: true, // qicore-doNotPerform modifierExtension
      codings: [coding('SNOMEDCT', '183240000', 'Self-propelled wheelchair')],
      authored_on: '2024-11-01T23:59:00.000Z',
      not_done_reason_codings: [coding('SNOMEDCT', '105480006')],
    });
    expect(await row('device_request', 'dev2')).toMatchObject({ do_not_perform: false }); // FHIR 5.0 extension, false
  });

  it('extracts Immunizations, Coverage with its payer, and Claim item lines', async () => {
    expect(await row('immunization', 'im1')).toMatchObject({
      vaccine_codings: [coding('CVX', '140', 'Influenza, seasonal')],
      occurrence_at: '2023-10-01T16:00:00.000Z',
      recorded_at: '2023-10-01T00:00:00.000Z',
    });
    expect(await row('immunization', 'im2')).toMatchObject({ status: 'not-done', not_done_reason_codings: [expect.objectContaining({ code: 'PATOBJ' })] });
    expect(await row('coverage', 'cov1')).toMatchObject({
      patient_record_id: 'HAPPY/p1',
      type_codings: [coding('SOP', '121', 'Medicare Advantage')],
      payer_name: 'Acme Health Plan',
      payer_id: 'org1',
      product: 'Acme Gold PPO',
      subscriber_id: 'SUB-77',
      period_start: '2024-01-01T00:00:00.000Z',
      period_end: '2024-12-31T00:00:00.000Z',
    });
    const lines = await db.query(
      `SELECT line_no, claim_type, service_from, rendering_npi, billing_tin, place_of_service, procedure_system,
              procedure_code, diagnosis_codes, units, allowed_amount
       FROM claim_line WHERE claim_id = 'HAPPY/cl1' ORDER BY line_no`,
    );
    expect(lines).toEqual([
      { line_no: 1, claim_type: 'professional', service_from: '2024-03-01', rendering_npi: '1234567893', billing_tin: '123456789', place_of_service: '11', procedure_system: 'CPT', procedure_code: '99213', diagnosis_codes: ['E11.9', 'I10'], units: 1, allowed_amount: 95.5 },
      { line_no: 2, claim_type: 'professional', service_from: '2024-03-01', rendering_npi: null, billing_tin: '123456789', place_of_service: null, procedure_system: 'HCPCS', procedure_code: 'G0439', diagnosis_codes: ['E11.9', 'I10'], units: 1, allowed_amount: 120.25 },
    ]);
  });
});
