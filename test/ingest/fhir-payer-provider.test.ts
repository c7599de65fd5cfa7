// What attribution and expenditures need from FHIR: a Practitioner's specialty (CMS specialty code, else
// a NUCC taxonomy mapped through the seeded crosswalk) with is_pcp from the MSSP primary-care specialty
// list, and claim lines from ExplanationOfBenefit with allowed and paid amounts from item.adjudication.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { ingestFolder, type PracticeSummary } from '../../server/ingest/orchestrator.ts';
import { loadPrimaryCareSpecialties } from '../../server/measures/attribution.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const NUCC = 'http://nucc.org/provider-taxonomy';
const CMS_SPECIALTY = 'https://bluebutton.cms.gov/resources/variables/prvdr_spclty';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
const C4BB = 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication';

const practitioner = (id: string, ...codings: { system: string; code: string }[]) => ({
  resourceType: 'Practitioner',
  id,
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
  name: [{ family: id }],
  qualification: codings.length > 0 ? [{ code: { coding: codings } }] : undefined,
});

const adjudication = (codes: [system: string, code: string][], value: number) => ({
  category: { coding: codes.map(([system, code]) => ({ system, code })) },
  amount: { value, currency: 'USD' },
});

const eob = (id: string, patient: string | undefined, items: object[]) => ({
  resourceType: 'ExplanationOfBenefit',
  id,
  status: 'active',
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
  use: 'claim',
  patient: patient ? { reference: `Patient/${patient}` } : undefined,
  billablePeriod: { start: '2026-03-01', end: '2026-03-01' },
  created: '2026-03-05',
  insurer: { display: 'Acme Health Plan' },
  provider: { identifier: { system: 'urn:oid:2.16.840.1.113883.4.4', value: '123456789' } },
  outcome: 'complete',
  careTeam: [{ sequence: 1, provider: { reference: 'Practitioner/np' } }],
  insurance: [{ focal: true, coverage: { display: 'Acme Gold PPO' } }],
  item: items.map((item, k) => ({ sequence: k + 1, careTeamSequence: [1], servicedDate: '2026-03-01', ...item })),
});

const cpt = (code: string) => ({ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code }] });

/** A practice folder with Practitioners in every specialty form, a Claim and ExplanationOfBenefits. */
function writePractice(dir: string): void {
  const write = (file: string, resources: object[]) =>
    fs.writeFileSync(path.join(dir, file), resources.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'source.json'), JSON.stringify({ practice_id: 'PAY', name: 'Payer feed', format: 'fhir' }));
  write('Patient.ndjson', [{ resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01' }]);
  write('Practitioner.ndjson', [
    practitioner('fp', { system: NUCC, code: '207Q00000X' }, { system: CMS_SPECIALTY, code: '08' }),
    practitioner('np', { system: NUCC, code: '363LF0000X' }), // no CMS code: the taxonomy decides
    practitioner('geri', { system: NUCC, code: '207qg0300x' }), // lower case as some EHRs send it
    practitioner('im', { system: NUCC, code: '261QM1300X' }, { system: NUCC, code: '207R00000X' }), // first mapped one
    practitioner('cardio', { system: CMS_SPECIALTY, code: '06' }),
    practitioner('none'),
  ]);
  write('Claim.ndjson', [
    {
      resourceType: 'Claim',
      id: 'cl1',
      status: 'active',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      patient: { reference: 'Patient/p1' },
      billablePeriod: { start: '2026-02-01', end: '2026-02-01' },
      item: [{ sequence: 1, productOrService: cpt('99213'), net: { value: 95.5 } }],
    },
  ]);
  write('ExplanationOfBenefit.ndjson', [
    eob('eob1', 'p1', [
      // benefit and paidtoprovider both sent: benefit is the plan's payment, not added to it
      { productOrService: cpt('99214'), adjudication: [adjudication([[ADJUDICATION, 'eligible']], 130), adjudication([[ADJUDICATION, 'benefit']], 104), adjudication([[C4BB, 'paidtoprovider']], 104)] },
      // a Blue Button 2.0 style category (CMS variable + CARIN code); paid to provider and to patient
      {
        productOrService: cpt('36415'),
        adjudication: [
          adjudication([['https://bluebutton.cms.gov/resources/codesystem/adjudication', 'https://bluebutton.cms.gov/resources/variables/line_alowd_chrg_amt'], [ADJUDICATION, 'eligible']], 3),
          adjudication([[C4BB, 'paidtoprovider']], 2),
          adjudication([[C4BB, 'paidtopatient']], 0.4),
        ],
      },
      // only the submitted charge: net is no allowed amount on an ExplanationOfBenefit
      { productOrService: cpt('93000'), net: { value: 60 }, adjudication: [adjudication([[ADJUDICATION, 'submitted']], 60)] },
    ]),
    eob('eob-orphan', undefined, [{ productOrService: cpt('99213') }]),
  ]);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-payer-'));
beforeAll(() => writePractice(tmp));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a FHIR practice folder with specialties and adjudicated claims', () => {
  let db: Database;
  let summary: PracticeSummary;
  beforeAll(async () => {
    db = await memoryDb();
    await loadPrimaryCareSpecialties(db, path.join(config.CALIPER_REFDATA, 'cclf', 'primary_care_specialty_codes.csv'));
    summary = await ingestFolder(db, tmp);
  });
  afterAll(() => db.close());

  it('takes the CMS specialty code when sent, else the first NUCC taxonomy the crosswalk maps, and is_pcp from the step-1 list', async () => {
    expect(await db.query('SELECT source_id, specialty_code, is_pcp FROM provider ORDER BY source_id')).toEqual([
      { source_id: 'cardio', specialty_code: '06', is_pcp: false },
      { source_id: 'fp', specialty_code: '08', is_pcp: true },
      { source_id: 'geri', specialty_code: '38', is_pcp: true },
      { source_id: 'im', specialty_code: '11', is_pcp: true },
      { source_id: 'none', specialty_code: null, is_pcp: null },
      { source_id: 'np', specialty_code: '50', is_pcp: true },
    ]);
    // Visit attribution counts the primary-care providers (step 1); the cardiologist is a step-2 specialist.
    expect(await db.query(`SELECT provider_id, assignment_step, is_physician FROM provider_role ORDER BY provider_id`)).toEqual([
      { provider_id: 'PAY/cardio', assignment_step: 2, is_physician: true },
      { provider_id: 'PAY/fp', assignment_step: 1, is_physician: true },
      { provider_id: 'PAY/geri', assignment_step: 1, is_physician: true },
      { provider_id: 'PAY/im', assignment_step: 1, is_physician: true },
      { provider_id: 'PAY/none', assignment_step: null, is_physician: false },
      { provider_id: 'PAY/np', assignment_step: 1, is_physician: false },
    ]);
  });

  it('loads ExplanationOfBenefit items as claim lines: allowed = eligible, paid = benefit else paidtoprovider + paidtopatient', async () => {
    expect(await db.query(
      `SELECT claim_id, line_no, claim_type, service_from, rendering_npi, billing_tin, procedure_code, allowed_amount, paid_amount
       FROM claim_line ORDER BY claim_id, line_no`,
    )).toEqual([
      { claim_id: 'PAY/cl1', line_no: 1, claim_type: 'professional', service_from: '2026-02-01', rendering_npi: null, billing_tin: null, procedure_code: '99213', allowed_amount: 95.5, paid_amount: null },
      { claim_id: 'PAY/eob1', line_no: 1, claim_type: 'professional', service_from: '2026-03-01', rendering_npi: '1234567893', billing_tin: '123456789', procedure_code: '99214', allowed_amount: 130, paid_amount: 104 },
      { claim_id: 'PAY/eob1', line_no: 2, claim_type: 'professional', service_from: '2026-03-01', rendering_npi: '1234567893', billing_tin: '123456789', procedure_code: '36415', allowed_amount: 3, paid_amount: 2.4 },
      { claim_id: 'PAY/eob1', line_no: 3, claim_type: 'professional', service_from: '2026-03-01', rendering_npi: '1234567893', billing_tin: '123456789', procedure_code: '93000', allowed_amount: null, paid_amount: null },
    ]);
  });

  it('counts and rejects ExplanationOfBenefit lines as their own resource type', async () => {
    const file = summary.files.find((f) => path.basename(f.path) === 'ExplanationOfBenefit.ndjson')!;
    expect(file.counts).toEqual([{ resource_type: 'ExplanationOfBenefit', read: 2, loaded: 1, rejected: 1 }]);
    expect(await db.query(`SELECT line_no, resource_type, record_id, reason, detail FROM rejected_row WHERE source_file_id = $id`, { id: file.source_file_id })).toEqual([
      { line_no: 2, resource_type: 'ExplanationOfBenefit', record_id: 'eob-orphan', reason: 'MissingSubject', detail: 'ExplanationOfBenefit.patient is missing' },
    ]);
  });
});

describe('Practitioner specialties loaded before the primary-care specialty list', () => {
  it('keeps the specialty and leaves is_pcp unknown', async () => {
    const db = await memoryDb();
    try {
      await ingestFolder(db, tmp);
      expect(await db.query(`SELECT source_id, specialty_code, is_pcp FROM provider WHERE source_id IN ('np', 'cardio') ORDER BY source_id`)).toEqual([
        { source_id: 'cardio', specialty_code: '06', is_pcp: null },
        { source_id: 'np', specialty_code: '50', is_pcp: null },
      ]);
    } finally {
      db.close();
    }
  });
});
