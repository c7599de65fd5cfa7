// Flat CSV extract ingest (docs/csv-extract.md): each table into the core model, a second source with its
// own headers/dates/codes through a mapping file, and every reject class with read = loaded + rejected.
// The tests drive csvLoader directly: they register the source_file row the orchestrator would.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { csvLoader } from '../../server/ingest/csv-extract.ts';
import { ingestFolder } from '../../server/ingest/orchestrator.ts';
import type { ContentCount, SourceManifest } from '../../server/ingest/types.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest/csv');

/** Register one file in source_file and prepare and load it (a batch of one) on a leased connection, as the orchestrator does. */
async function loadFile(db: Database, folder: string, manifest: SourceManifest, file: string): Promise<ContentCount> {
  const bytes = await fs.readFile(file);
  const sha256 = crypto.createHash('sha256').update(bytes).update(file).digest('hex');
  const [row] = await db.query(
    `INSERT INTO source_file (practice_id, path, format, sha256, bytes, status)
     VALUES ($practice_id, $path, 'csv', $sha256, $bytes, 'loaded') RETURNING source_file_id`,
    { practice_id: manifest.practice_id, path: file, sha256, bytes: bytes.length },
  );
  const registered = { practice_id: manifest.practice_id, path: file, sha256, bytes: bytes.length, source_file_id: Number(row!.source_file_id), manifest, folder };
  const result = await db.withConnection(async (connection) => {
    const ctx = { connection, progress: () => {} };
    const release = await csvLoader.prepareBatch?.(ctx, [registered]);
    try {
      return (await csvLoader.loadBatch(ctx, [registered]))[0]!;
    } finally {
      await release?.();
    }
  });
  expect(result.format).toBe('csv');
  expect(result.counts).toHaveLength(1);
  return result.counts[0]!;
}

/** Load every table file of a source folder in listFiles order; counts by table. */
async function loadSource(db: Database, folder: string): Promise<Record<string, ContentCount>> {
  const manifest = JSON.parse(await fs.readFile(path.join(folder, 'source.json'), 'utf8')) as SourceManifest;
  const counts: Record<string, ContentCount> = {};
  for (const file of await csvLoader.listFiles(folder, manifest)) {
    const count = await loadFile(db, folder, manifest, file);
    counts[count.resource_type] = count;
  }
  return counts;
}

let tmpRoot: string;
let sourceNo = 0;
beforeAll(async () => {
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-csv-'));
});
afterAll(() => fs.rm(tmpRoot, { recursive: true, force: true }));

/** A source folder written from strings (a practice id of its own), for the bad-input cases. */
async function writeSource(files: Record<string, string | Buffer>, mapping?: object): Promise<string> {
  const folder = path.join(tmpRoot, `source-${++sourceNo}`);
  const manifest = { practice_id: `T${sourceNo}`, name: 'Test practice', format: 'csv', ...(mapping ? { csv_mapping: 'mapping.json' } : {}) };
  return writePracticeFolder(folder, manifest, mapping ? { 'mapping.json': JSON.stringify(mapping), ...files } : files);
}

const PATIENTS = `patient_id,family_name,given_name,birth_date,sex
1,Smith,Ann,1950-01-01,F
2,Jones,Bo,1960-02-02,M
`;

async function rejects(db: Database, table: string) {
  return db.query(
    `SELECT line_no, record_id, reason, detail, raw FROM rejected_row WHERE resource_type = $table ORDER BY line_no`,
    { table },
  );
}

describe('canonical extract', () => {
  let db: Database;
  let counts: Record<string, ContentCount>;
  beforeAll(async () => {
    db = await memoryDb(2);
    counts = await loadSource(db, path.join(FIXTURES, 'canonical'));
  });
  afterAll(() => db.close());

  it('lists the table files in load order, providers and patients first', async () => {
    const folder = path.join(FIXTURES, 'canonical');
    const files = await csvLoader.listFiles(folder, { practice_id: 'P01', name: 'x', format: 'csv' });
    expect(files.map((f) => path.basename(f))).toEqual([
      'providers.csv', 'patients.csv', 'encounters.csv', 'diagnoses.csv', 'results.csv',
      'procedures.csv', 'medications.csv', 'coverage.csv', 'claims.csv',
    ]);
  });

  it('loads every row of every table', async () => {
    const expected = { providers: 2, patients: 3, encounters: 2, diagnoses: 2, results: 5, procedures: 2, medications: 2, coverage: 2, claims: 3 };
    for (const [table, rows] of Object.entries(expected)) {
      expect(counts[table], table).toEqual({ resource_type: table, read: rows, loaded: rows, rejected: 0 });
    }
    expect(await db.query('SELECT count(*) AS n FROM rejected_row')).toEqual([{ n: 0 }]);
  });

  it('providers -> provider', async () => {
    expect(await db.query('SELECT provider_id, source_id, npi, family_name, specialty_code, is_pcp FROM provider ORDER BY 1')).toEqual([
      { provider_id: 'P01/D1', source_id: 'D1', npi: '1234567890', family_name: 'Welby', specialty_code: '08', is_pcp: true },
      { provider_id: 'P01/D2', source_id: 'D2', npi: '1987654321', family_name: 'Kildare', specialty_code: '06', is_pcp: false },
    ]);
  });

  it('patients -> patient_record: keys, names, normalized sex, race/ethnicity lists, PCP by NPI', async () => {
    const rows = await db.query(
      `SELECT patient_record_id, mbi, family_name, given_names, birth_date, sex, race_codes, ethnicity_codes,
              address_line, deceased_at, deceased, pcp_provider_id
       FROM patient_record ORDER BY 1`,
    );
    expect(rows).toEqual([
      {
        patient_record_id: 'P01/1001', mbi: '1EG4TE5MK73', family_name: 'Smith', given_names: ['Anna', 'Marie'],
        birth_date: '1950-03-14', sex: 'female', race_codes: ['2106-3'], ethnicity_codes: ['2186-5'],
        address_line: '1 Main St', deceased_at: null, deceased: false, pcp_provider_id: 'P01/D1',
      },
      {
        patient_record_id: 'P01/1002', mbi: null, family_name: "O'Neil, Jr", given_names: ['Bob'],
        birth_date: '1948-11-02', sex: 'male', race_codes: ['2054-5', '2106-3'], ethnicity_codes: ['2186-5'],
        address_line: '2 Elm St, Apt 3', deceased_at: '2025-01-15T00:00:00.000Z', deceased: true, pcp_provider_id: null,
      },
      {
        patient_record_id: 'P01/1003', mbi: null, family_name: 'Garcia', given_names: ['Luz'],
        birth_date: '1962-07-30', sex: 'unknown', race_codes: null, ethnicity_codes: ['2135-2'],
        address_line: null, deceased_at: null, deceased: false, pcp_provider_id: null,
      },
    ]);
  });

  it('encounters -> encounter: canonical type coding, class, date-times, discharge disposition', async () => {
    expect(
      await db.query(
        `SELECT encounter_id, patient_record_id, status, class_code, type_codings, period_start, period_end,
                discharge_disposition, provider_id
         FROM encounter ORDER BY 1`,
      ),
    ).toEqual([
      {
        encounter_id: 'P01/E1', patient_record_id: 'P01/1001', status: 'finished', class_code: 'AMB',
        type_codings: [{ system: 'CPT', code: '99213', display: 'Office visit' }],
        period_start: '2025-02-03T09:30:00.000Z', period_end: '2025-02-03T10:00:00.000Z',
        discharge_disposition: null, provider_id: 'P01/D1',
      },
      {
        encounter_id: 'P01/E2', patient_record_id: 'P01/1002', status: 'finished', class_code: 'IMP',
        type_codings: [{ system: 'SNOMEDCT', code: '32485007', display: 'Hospital admission' }],
        period_start: '2025-03-01T00:00:00.000Z', period_end: '2025-03-04T00:00:00.000Z',
        discharge_disposition: [{ system: 'NUBC', code: '01', display: null }], provider_id: null,
      },
    ]);
  });

  it('diagnoses -> condition: a system URI becomes its canonical name', async () => {
    expect(await db.query('SELECT condition_id, category_codes, clinical_status, codings, onset_start, recorded_at FROM condition ORDER BY 1')).toEqual([
      {
        condition_id: 'P01/DX1', category_codes: ['problem-list-item'], clinical_status: 'active',
        codings: [{ system: 'ICD10CM', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }],
        onset_start: '2019-06-01T00:00:00.000Z', recorded_at: '2019-06-01T00:00:00.000Z',
      },
      {
        condition_id: 'P01/DX2', category_codes: ['encounter-diagnosis'], clinical_status: 'active',
        codings: [{ system: 'SNOMEDCT', code: '38341003', display: 'Hypertensive disorder' }],
        onset_start: '2015-01-01T00:00:00.000Z', recorded_at: null,
      },
    ]);
  });

  it('results -> observation: numbers, blood pressure, coded and text values, local systems as sent', async () => {
    const rows = await db.query(
      `SELECT source_id, encounter_id, status, category_codes, codings, effective_start, value_num, value_unit,
              value_codings, value_string, systolic, diastolic, components, has_value
       FROM observation ORDER BY source_id`,
    );
    expect(rows.map((r) => [r.source_id, r.codings])).toEqual([
      ['R1', [{ system: 'LOINC', code: '4548-4', display: 'Hemoglobin A1c' }]],
      ['R2', [{ system: 'LOINC', code: '85354-9', display: 'Blood pressure panel with all children optional' }]],
      ['R3', [{ system: 'LOINC', code: '72166-2', display: 'Tobacco smoking status' }]],
      ['R4', [{ system: 'LOCAL-LAB', code: 'GLU1', display: 'Glucose' }]],
      ['R5', [{ system: 'LOINC', code: '94500-6', display: 'SARS-CoV-2 RNA' }]],
    ]);
    expect(rows[0]).toMatchObject({ encounter_id: 'P01/E1', status: 'final', category_codes: ['laboratory'], value_num: 7.2, value_unit: '%' });
    expect(rows[1]).toMatchObject({
      category_codes: ['vital-signs'],
      effective_start: '2025-02-03T09:45:00.000Z',
      value_num: null,
      systolic: 128,
      diastolic: 82,
      components: [
        { codings: [{ system: 'LOINC', code: '8480-6', display: 'Systolic blood pressure' }], value_num: 128, value_unit: 'mm[Hg]' },
        { codings: [{ system: 'LOINC', code: '8462-4', display: 'Diastolic blood pressure' }], value_num: 82, value_unit: 'mm[Hg]' },
      ],
    });
    expect(rows[2]).toMatchObject({ value_codings: [{ system: 'SNOMEDCT', code: '266919005', display: null }], value_num: null });
    expect(rows[4]).toMatchObject({ value_string: 'Not detected', value_num: null });
    // CQL `value is not null`: a number, a code or a text; a blood pressure row has only its components.
    expect(rows.map((r) => [r.source_id, r.has_value])).toEqual([['R1', true], ['R2', false], ['R3', true], ['R4', true], ['R5', true]]);
  });

  it('procedures -> procedure', async () => {
    // Without an end_date the procedure ends when it starts (CMS130 dates a colonoscopy by its end).
    expect(await db.query('SELECT procedure_id, status, codings, body_site_codings, performed_start, performed_end, not_done, provider_id FROM procedure ORDER BY 1')).toEqual([
      {
        procedure_id: 'P01/PR1', status: 'completed', codings: [{ system: 'CPT', code: '45378', display: 'Colonoscopy' }],
        body_site_codings: [{ system: 'SNOMEDCT', code: '71854001', display: null }],
        performed_start: '2024-05-10T00:00:00.000Z', performed_end: '2024-05-10T00:00:00.000Z', not_done: false, provider_id: 'P01/D1',
      },
      {
        procedure_id: 'P01/PR2', status: 'completed', codings: [{ system: 'HCPCS', code: 'G0438', display: 'Annual wellness visit' }],
        body_site_codings: null, performed_start: '2025-03-05T00:00:00.000Z', performed_end: '2025-03-05T00:00:00.000Z', not_done: false, provider_id: null,
      },
    ]);
  });

  it('medications -> medication_request, with the CMD period [authored date, + supply_days - 1] (null without supply_days)', async () => {
    expect(await db.query('SELECT medication_request_id, encounter_id, status, intent, medication_codings, authored_on, supply_days, period_start, period_end FROM medication_request ORDER BY 1')).toEqual([
      {
        medication_request_id: 'P01/M1', encounter_id: 'P01/E1', status: 'active', intent: 'order',
        medication_codings: [{ system: 'RXNORM', code: '860975', display: 'Metformin hydrochloride 500 MG Oral Tablet' }],
        authored_on: '2025-02-03T00:00:00.000Z', supply_days: 90, period_start: '2025-02-03', period_end: '2025-05-03',
      },
      {
        medication_request_id: 'P01/M2', encounter_id: null, status: 'active', intent: 'order',
        medication_codings: [{ system: 'RXNORM', code: '197361', display: 'Amlodipine 5 MG Oral Tablet' }],
        authored_on: '2025-03-04T00:00:00.000Z', supply_days: null, period_start: null, period_end: null,
      },
    ]);
  });

  it('coverage -> coverage', async () => {
    expect(await db.query('SELECT coverage_id, patient_record_id, type_codings, payer_name, product, period_start, period_end FROM coverage ORDER BY 1')).toEqual([
      {
        coverage_id: 'P01/C1', patient_record_id: 'P01/1001', type_codings: [{ system: 'SOP', code: '1', display: null }],
        payer_name: 'Medicare', product: 'Medicare FFS', period_start: '2015-03-01T00:00:00.000Z', period_end: null,
      },
      {
        coverage_id: 'P01/C2', patient_record_id: 'P01/1002', type_codings: [{ system: 'SOP', code: '511', display: null }],
        payer_name: 'Acme Health', product: 'Commercial HMO', period_start: '2024-01-01T00:00:00.000Z', period_end: '2024-12-31T00:00:00.000Z',
      },
    ]);
  });

  it('claims -> claim_line: decimal amounts, diagnosis lists, one key per claim', async () => {
    const rows = await db.query(
      `SELECT claim_id, line_no, source_id, claim_type, service_from, procedure_system, procedure_code, revenue_code,
              diagnosis_codes, units, allowed_amount, paid_amount, typeof(allowed_amount) AS amount_type
       FROM claim_line ORDER BY claim_id, line_no`,
    );
    expect(rows).toEqual([
      {
        claim_id: 'P01/CL1', line_no: 1, source_id: 'CL1', claim_type: 'professional', service_from: '2025-02-03',
        procedure_system: 'CPT', procedure_code: '99213', revenue_code: null, diagnosis_codes: ['E11.9', 'I10'],
        units: 1, allowed_amount: 92.5, paid_amount: 74, amount_type: 'DECIMAL(14,2)',
      },
      {
        claim_id: 'P01/CL1', line_no: 2, source_id: 'CL1', claim_type: 'professional', service_from: '2025-02-03',
        procedure_system: 'CPT', procedure_code: '83036', revenue_code: null, diagnosis_codes: ['E11.9'],
        units: 1, allowed_amount: 10.25, paid_amount: 8.2, amount_type: 'DECIMAL(14,2)',
      },
      {
        claim_id: 'P01/CL2', line_no: 1, source_id: 'CL2', claim_type: 'institutional', service_from: '2025-03-01',
        procedure_system: null, procedure_code: null, revenue_code: '0120', diagnosis_codes: ['I10', 'N18.3'],
        units: 3, allowed_amount: 4500, paid_amount: 3800, amount_type: 'DECIMAL(14,2)',
      },
    ]);
  });

  it('a newer file replaces rows with the same source id and keeps the others', async () => {
    const folder = path.join(tmpRoot, 'canonical-update');
    await fs.mkdir(folder);
    const manifest: SourceManifest = { practice_id: 'P01', name: 'Canonical Family Medicine', format: 'csv' };
    await fs.writeFile(
      path.join(folder, 'patients.csv'),
      'patient_id,family_name,given_name,birth_date,sex\n1001,Smith-Lee,Anna,1950-03-14,F\n1004,New,Nia,1999-09-09,F\n',
    );
    expect(await loadFile(db, folder, manifest, path.join(folder, 'patients.csv'))).toEqual({ resource_type: 'patients', read: 2, loaded: 2, rejected: 0 });
    expect(await db.query('SELECT source_id, family_name FROM patient_record ORDER BY 1')).toEqual([
      { source_id: '1001', family_name: 'Smith-Lee' },
      { source_id: '1002', family_name: "O'Neil, Jr" },
      { source_id: '1003', family_name: 'Garcia' },
      { source_id: '1004', family_name: 'New' },
    ]);
  });
});

describe('mapped source: own file names, headers, delimiter, US dates and local value codes', () => {
  let db: Database;
  let counts: Record<string, ContentCount>;
  beforeAll(async () => {
    db = await memoryDb(2);
    counts = await loadSource(db, path.join(FIXTURES, 'mapped'));
  });
  afterAll(() => db.close());

  it('reads the files the mapping names, in load order', () => {
    expect(Object.keys(counts)).toEqual(['patients', 'encounters', 'results']);
    expect(counts.encounters).toEqual({ resource_type: 'encounters', read: 2, loaded: 2, rejected: 0 });
    expect(counts.results).toEqual({ resource_type: 'results', read: 2, loaded: 2, rejected: 0 });
  });

  it('maps headers, %m/%d/%Y dates and sex codes 1/2', async () => {
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 3, loaded: 2, rejected: 1 });
    expect(await db.query('SELECT patient_record_id, family_name, given_names, birth_date, sex, race_codes FROM patient_record ORDER BY 1')).toEqual([
      { patient_record_id: 'P02/A-1', family_name: 'Nguyen', given_names: ['Mai'], birth_date: '1955-07-04', sex: 'female', race_codes: ['2028-9'] },
      { patient_record_id: 'P02/A-2', family_name: 'Okafor', given_names: ['Chidi'], birth_date: '1949-12-31', sex: 'male', race_codes: null },
    ]);
  });

  it('reports a day-first date at its physical line, after a quoted two-line value (CRLF file)', async () => {
    expect(await rejects(db, 'patients')).toEqual([
      {
        line_no: 5, record_id: 'A-3', reason: 'InvalidDate',
        detail: "birth_date '31/12/1960' does not match the date format", raw: 'A-3|Berg|Ola|31/12/1960|9||',
      },
    ]);
  });

  it('maps local encounter settings and reads date-times in the mapped format', async () => {
    expect(await db.query('SELECT source_id, class_code, period_start, type_codings FROM encounter ORDER BY 1')).toEqual([
      { source_id: 'V-10', class_code: 'AMB', period_start: '2025-02-14T14:30:00.000Z', type_codings: [{ system: 'CPT', code: '99214', display: null }] },
      { source_id: 'V-11', class_code: 'IMP', period_start: '2025-03-01T00:00:00.000Z', type_codings: [{ system: 'SNOMEDCT', code: '32485007', display: null }] },
    ]);
  });

  it('keeps a local code system as sent for the code map', async () => {
    expect(await db.query('SELECT source_id, codings, value_num FROM observation ORDER BY 1')).toEqual([
      { source_id: 'L-1', codings: [{ system: 'LOCAL-LAB', code: 'HBA1C', display: 'Hemoglobin A1c' }], value_num: 8.1 },
      { source_id: 'L-2', codings: [{ system: 'LOINC', code: '2160-0', display: 'Creatinine' }], value_num: 1.3 },
    ]);
  });
});

describe('rejected rows: every line counted once, with its physical line, reason and raw text', () => {
  let db: Database;
  beforeEach(async () => {
    db = await memoryDb(1);
  });
  afterEach(() => db.close());

  it('WrongColumnCount: too few and too many fields', async () => {
    const folder = await writeSource({ 'patients.csv': `${PATIENTS}3,Lee,Al\n4,Kim,Di,1970-01-01,F,extra\n5,Ray,Ed,1980-01-01,M\n` });
    const counts = await loadSource(db, folder);
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 5, loaded: 3, rejected: 2 });
    expect(await rejects(db, 'patients')).toEqual([
      { line_no: 4, record_id: null, reason: 'WrongColumnCount', detail: 'Expected Number of Columns: 5 Found: 3', raw: '3,Lee,Al' },
      { line_no: 5, record_id: null, reason: 'WrongColumnCount', detail: 'Expected Number of Columns: 5 Found: 6', raw: '4,Kim,Di,1970-01-01,F,extra' },
    ]);
  });

  it('a header wider than the first, narrow header read (64 fields) is read whole', async () => {
    const extra = Array.from({ length: 70 }, (_, i) => `x${i}`);
    const line = (fields: string[]) => [...fields, ...extra.map(() => '')].join(',');
    const head = [...'patient_id,family_name,given_name,birth_date,sex'.split(','), ...extra].join(',');
    const file = `${head}\n${line(['1', 'Smith', 'Ann', '1950-01-01', 'F'])}\n`;
    const counts = await loadSource(db, await writeSource({ 'patients.csv': file }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 1, loaded: 1, rejected: 0 });
    expect(await db.query(`SELECT family_name FROM patient_record WHERE source_id = '1'`)).toEqual([{ family_name: 'Smith' }]);
  });

  it('InvalidEncoding: a line that is not UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from(PATIENTS), Buffer.from('3,M'), Buffer.from([0xfc]), Buffer.from('ller,Jo,1970-01-01,M\n')]);
    const counts = await loadSource(db, await writeSource({ 'patients.csv': bad }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 3, loaded: 2, rejected: 1 });
    const [row] = await rejects(db, 'patients');
    expect(row).toMatchObject({ line_no: 4, reason: 'InvalidEncoding', raw: '3,M?ller,Jo,1970-01-01,M' });
  });

  it('reads a byte order mark and CRLF line ends (Excel "CSV UTF-8") like any file', async () => {
    const file = '\ufeff"patient_id","family_name","given_name","birth_date","sex"\r\n1,Smith,Ann,1950-01-01,F\r\n2,Jo,Bo,1950-13-01,M\r\n';
    const counts = await loadSource(db, await writeSource({ 'patients.csv': file }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 2, loaded: 1, rejected: 1 });
    expect((await rejects(db, 'patients')).map((r) => [r.line_no, r.reason, r.raw])).toEqual([[3, 'InvalidDate', '2,Jo,Bo,1950-13-01,M']]);
  });

  it('the mapping can declare latin-1, which makes the same line load', async () => {
    const bad = Buffer.concat([Buffer.from(PATIENTS), Buffer.from('3,M'), Buffer.from([0xfc]), Buffer.from('ller,Jo,1970-01-01,M\n')]);
    const counts = await loadSource(db, await writeSource({ 'patients.csv': bad }, { encoding: 'latin-1' }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 3, loaded: 3, rejected: 0 });
    expect(await db.query(`SELECT family_name FROM patient_record WHERE source_id = '3'`)).toEqual([{ family_name: 'Müller' }]);
  });

  it('MalformedCsv: an unterminated quote takes the rest of the file as one rejected record', async () => {
    const counts = await loadSource(db, await writeSource({ 'patients.csv': `${PATIENTS}3,"Lee,Al,1970-01-01,F\n4,Kim,Di,1970-01-01,F\n` }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 3, loaded: 2, rejected: 1 });
    expect(await rejects(db, 'patients')).toEqual([
      {
        line_no: 4, record_id: null, reason: 'MalformedCsv', detail: 'Value with unterminated quote found.',
        raw: '3,"Lee,Al,1970-01-01,F\n4,Kim,Di,1970-01-01,F',
      },
    ]);
  });

  it('MissingRequired: the detail names the empty column', async () => {
    const counts = await loadSource(db, await writeSource({ 'patients.csv': `${PATIENTS}3,,Al,1970-01-01,F\n4,Kim,Di,1970-01-01,\n` }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 4, loaded: 2, rejected: 2 });
    expect(await rejects(db, 'patients')).toEqual([
      { line_no: 4, record_id: '3', reason: 'MissingRequired', detail: 'family_name is empty', raw: '3,,Al,1970-01-01,F' },
      { line_no: 5, record_id: '4', reason: 'MissingRequired', detail: 'sex is empty', raw: '4,Kim,Di,1970-01-01,' },
    ]);
  });

  it('InvalidDate: a value the date format does not read', async () => {
    const encounters = 'encounter_id,patient_id,start,code_system,code\nE1,1,2025-02-30,CPT,99213\nE2,1,2025-02-03 25:00,CPT,99213\nE3,2,2025-02-03 08:15,CPT,99213\n';
    const counts = await loadSource(db, await writeSource({ 'patients.csv': PATIENTS, 'encounters.csv': encounters }));
    expect(counts.encounters).toEqual({ resource_type: 'encounters', read: 3, loaded: 1, rejected: 2 });
    expect(await rejects(db, 'encounters')).toEqual([
      { line_no: 2, record_id: 'E1', reason: 'InvalidDate', detail: "start '2025-02-30' does not match the date format", raw: 'E1,1,2025-02-30,CPT,99213' },
      { line_no: 3, record_id: 'E2', reason: 'InvalidDate', detail: "start '2025-02-03 25:00' does not match the date format", raw: 'E2,1,2025-02-03 25:00,CPT,99213' },
    ]);
  });

  it('InvalidNumber: claim amounts and result values', async () => {
    const claims = `claim_id,line_no,patient_id,service_from,allowed_amount,paid_amount
C1,1,1,2025-01-05,12.50,10.00
C1,2,1,2025-01-05,$12.50,10.00
C2,x,2,2025-01-06,1,1
`;
    const results = 'result_id,patient_id,code_system,code,date,value,systolic,diastolic\nR1,1,LOINC,4548-4,2025-01-05,high,,\nR2,1,LOINC,85354-9,2025-01-05,,12O,80\n';
    const counts = await loadSource(db, await writeSource({ 'patients.csv': PATIENTS, 'claims.csv': claims, 'results.csv': results }));
    expect(counts.claims).toEqual({ resource_type: 'claims', read: 3, loaded: 1, rejected: 2 });
    expect(await rejects(db, 'claims')).toEqual([
      { line_no: 3, record_id: 'C1:2', reason: 'InvalidNumber', detail: "allowed_amount '$12.50' is not a number", raw: 'C1,2,1,2025-01-05,$12.50,10.00' },
      { line_no: 4, record_id: 'C2:x', reason: 'InvalidNumber', detail: "line_no 'x' is not a number", raw: 'C2,x,2,2025-01-06,1,1' },
    ]);
    expect(counts.results).toEqual({ resource_type: 'results', read: 2, loaded: 0, rejected: 2 });
    expect((await rejects(db, 'results')).map((r) => [r.line_no, r.reason, r.detail])).toEqual([
      [2, 'InvalidNumber', "value 'high' is not a number"],
      [3, 'InvalidNumber', "systolic '12O' is not a number"],
    ]);
  });

  it('UnknownPatient: patients of an earlier load count, others do not', async () => {
    const first = await writeSource({ 'patients.csv': PATIENTS });
    await loadSource(db, first);
    const manifest = JSON.parse(await fs.readFile(path.join(first, 'source.json'), 'utf8')) as SourceManifest;
    const later = path.join(first, 'later');
    await fs.mkdir(later);
    await fs.writeFile(path.join(later, 'diagnoses.csv'), 'diagnosis_id,patient_id,code_system,code,onset_date\nDX1,2,ICD10CM,I10,2020-01-01\nDX2,99,ICD10CM,I10,2020-01-01\n');
    const count = await loadFile(db, later, manifest, path.join(later, 'diagnoses.csv'));
    expect(count).toEqual({ resource_type: 'diagnoses', read: 2, loaded: 1, rejected: 1 });
    expect(await rejects(db, 'diagnoses')).toEqual([
      {
        line_no: 3, record_id: 'DX2', reason: 'UnknownPatient',
        detail: `patient_id '99' is not a patient of practice ${manifest.practice_id}`, raw: 'DX2,99,ICD10CM,I10,2020-01-01',
      },
    ]);
  });

  it('CodingWithoutSystem: a code or value code sent without its system', async () => {
    const diagnoses = 'diagnosis_id,patient_id,code_system,code,onset_date\nDX1,1,,E11.9,2020-01-01\n';
    const results = 'result_id,patient_id,code_system,code,date,value_code_system,value_code\nR1,1,LOINC,72166-2,2025-01-05,,266919005\n';
    const counts = await loadSource(db, await writeSource({ 'patients.csv': PATIENTS, 'diagnoses.csv': diagnoses, 'results.csv': results }));
    expect(counts.diagnoses).toEqual({ resource_type: 'diagnoses', read: 1, loaded: 0, rejected: 1 });
    expect(counts.results).toEqual({ resource_type: 'results', read: 1, loaded: 0, rejected: 1 });
    expect(await db.query(`SELECT resource_type, line_no, reason, detail, raw FROM rejected_row ORDER BY resource_type`)).toEqual([
      { resource_type: 'diagnoses', line_no: 2, reason: 'CodingWithoutSystem', detail: "code 'E11.9' has no code system", raw: 'DX1,1,,E11.9,2020-01-01' },
      { resource_type: 'results', line_no: 2, reason: 'CodingWithoutSystem', detail: "value_code '266919005' has no code system", raw: 'R1,1,LOINC,72166-2,2025-01-05,,266919005' },
    ]);
  });

  it('EmptyFile: a header without rows, and a 0-byte file, give one file-level reject each', async () => {
    const folder = await writeSource({ 'patients.csv': 'patient_id,family_name,given_name,birth_date,sex\n\n', 'providers.csv': '' });
    const counts = await loadSource(db, folder);
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 0, loaded: 0, rejected: 0 });
    expect(counts.providers).toEqual({ resource_type: 'providers', read: 0, loaded: 0, rejected: 0 });
    expect(await db.query('SELECT resource_type, line_no, reason, detail, raw FROM rejected_row ORDER BY resource_type')).toEqual([
      { resource_type: 'patients', line_no: null, reason: 'EmptyFile', detail: 'no data rows after the header', raw: null },
      { resource_type: 'providers', line_no: null, reason: 'EmptyFile', detail: 'the file is empty (no header line)', raw: null },
    ]);
  });

  it('MissingColumn: a required column absent from the header rejects every row', async () => {
    const counts = await loadSource(db, await writeSource({ 'patients.csv': 'patient_id,family_name,given_name,sex\n1,Smith,Ann,F\n2,Jones,Bo,M\n' }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 2, loaded: 0, rejected: 2 });
    expect(await rejects(db, 'patients')).toEqual([
      { line_no: 2, record_id: null, reason: 'MissingColumn', detail: 'header has no column birth_date', raw: '1,Smith,Ann,F' },
      { line_no: 3, record_id: null, reason: 'MissingColumn', detail: 'header has no column birth_date', raw: '2,Jones,Bo,M' },
    ]);
  });

  it('MissingColumn names the header the mapping expects', async () => {
    const mapping = { columns: { patients: { birth_date: 'DOB', sex: 'Gender' } } };
    const counts = await loadSource(db, await writeSource({ 'patients.csv': 'patient_id,family_name,given_name,Birth Date,Gender\n1,Smith,Ann,1950-01-01,F\n' }, mapping));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 1, loaded: 0, rejected: 1 });
    expect((await rejects(db, 'patients'))[0]).toMatchObject({ reason: 'MissingColumn', detail: 'header has no column DOB (birth_date)' });
  });

  it('DuplicateId: the first row with an id loads, a later one is rejected', async () => {
    const counts = await loadSource(db, await writeSource({ 'patients.csv': `${PATIENTS}1,Smith,Anne,1950-01-01,F\n` }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 3, loaded: 2, rejected: 1 });
    expect(await rejects(db, 'patients')).toEqual([
      { line_no: 4, record_id: '1', reason: 'DuplicateId', detail: 'same id as line 2', raw: '1,Smith,Anne,1950-01-01,F' },
    ]);
  });

  it('line numbers stay physical across blank lines, quoted line breaks and stray quotes', async () => {
    const file = [
      'patient_id,family_name,given_name,birth_date,sex,address_line', // 1
      '1,Smith,Ann,1950-01-01,F,"12 Oak St', // 2
      '', // 3 (inside the quoted address)
      'Unit 4"', // 4
      '', // 5 blank line between records
      '2,O"Hara,Bo,1960-02-02,M,5\'10" tall', // 6 quotes inside unquoted fields are literal
      '3,Lee,Al,1970-13-01,F,', // 7 bad date
      '"4","Kim","Di","1980-01-01","F","a ""quoted"" word', // 8
      'and more"', // 9
      '5,Ray,Ed,1990-01-01,M', // 10 one field short
      '',
    ].join('\n');
    const counts = await loadSource(db, await writeSource({ 'patients.csv': file }));
    expect(counts.patients).toEqual({ resource_type: 'patients', read: 5, loaded: 3, rejected: 2 });
    expect((await rejects(db, 'patients')).map((r) => [r.line_no, r.reason, r.raw])).toEqual([
      [7, 'InvalidDate', '3,Lee,Al,1970-13-01,F,'],
      [10, 'WrongColumnCount', '5,Ray,Ed,1990-01-01,M'],
    ]);
    expect(await db.query('SELECT source_id, family_name, address_line FROM patient_record ORDER BY 1')).toEqual([
      { source_id: '1', family_name: 'Smith', address_line: '12 Oak St\n\nUnit 4' },
      { source_id: '2', family_name: 'O"Hara', address_line: `5'10" tall` },
      { source_id: '4', family_name: 'Kim', address_line: 'a "quoted" word\nand more' },
    ]);
  });
});

describe('through the orchestrator', () => {
  let db: Database;
  beforeAll(async () => {
    db = await memoryDb(2);
  });
  afterAll(() => db.close());

  it('loads a mapped CSV source, records its counts and applies its code map to the local codes', async () => {
    const folder = path.join(FIXTURES, 'mapped');
    const summary = await ingestFolder(db, folder);
    expect(summary.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['PatientDemographics.txt', 'loaded'],
      ['Visits.txt', 'loaded'],
      ['LabResults.txt', 'loaded'],
    ]);
    expect(
      await db.query(
        `SELECT f.content, c.resource_type, c.rows_read, c.rows_loaded, c.rows_rejected
         FROM source_file f JOIN source_file_count c USING (source_file_id) ORDER BY f.source_file_id`,
      ),
    ).toEqual([
      { content: 'patients', resource_type: 'patients', rows_read: 3, rows_loaded: 2, rows_rejected: 1 },
      { content: 'encounters', resource_type: 'encounters', rows_read: 2, rows_loaded: 2, rows_rejected: 0 },
      { content: 'results', resource_type: 'results', rows_read: 2, rows_loaded: 2, rows_rejected: 0 },
    ]);
    // Inside the orchestrator's transaction the physical line is found all the same.
    expect(await db.query(`SELECT line_no, reason FROM rejected_row WHERE resource_type = 'patients'`)).toEqual([
      { line_no: 5, reason: 'InvalidDate' },
    ]);
    expect(await db.query(`SELECT codings FROM observation WHERE source_id = 'L-1'`)).toEqual([
      {
        codings: [
          { system: 'LOINC', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
          { system: 'LOCAL-LAB', code: 'HBA1C', display: 'Hemoglobin A1c' },
        ],
      },
    ]);
    // Same files again: identified by sha256, skipped, nothing loaded twice.
    const again = await ingestFolder(db, folder);
    expect(again.files.map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await db.query('SELECT count(*) AS n FROM patient_record')).toEqual([{ n: 2 }]);
  });

  it('fails a file whose header cannot be read, and goes on with the next', async () => {
    const header = Buffer.concat([Buffer.from('patient_id,family_name,given_name,birth_date,s'), Buffer.from([0xe9]), Buffer.from('x\n1,A,B,1950-01-01,F\n')]);
    const folder = await writeSource({ 'patients.csv': header, 'encounters.csv': 'encounter_id,patient_id,start,code_system,code\nE1,1,2025-01-01,CPT,99213\n' });
    const summary = await ingestFolder(db, folder);
    expect(summary.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['patients.csv', 'failed'],
      ['encounters.csv', 'loaded'],
    ]);
    const [failed] = summary.files;
    expect(await db.query('SELECT line_no, reason FROM rejected_row WHERE source_file_id = $id', { id: failed!.source_file_id })).toEqual([
      { line_no: null, reason: 'UnreadableHeader' },
    ]);
    expect(summary.counts).toEqual([{ resource_type: 'encounters', read: 1, loaded: 0, rejected: 1 }]);
  });

  it('marks a header-only file empty', async () => {
    const folder = await writeSource({ 'patients.csv': 'patient_id,family_name,given_name,birth_date,sex\n' });
    const summary = await ingestFolder(db, folder);
    expect(summary.files.map((f) => f.status)).toEqual(['empty']);
  });
});
