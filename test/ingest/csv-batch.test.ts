// CSV load batches: the same table from several practices whose sources read alike (delimiter, quote,
// encoding, date formats) is read and checked in one pass, yet every file keeps its own header mapping
// (other names, order and width), value maps, code map, physical line numbers, rejects and counts; a
// source with other date formats loads in a batch of its own.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths, type IngestSummary } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

let root: string;
let db: Database;
let summary: IngestSummary;
const progress: string[] = [];

const writePractice = (parent: string, practiceId: string, files: Record<string, string>, extra: object = {}) =>
  writePracticeFolder(path.join(parent, practiceId), { practice_id: practiceId, name: practiceId, format: 'csv', ...extra }, files);

const lines = (...rows: string[]) => rows.join('\n') + '\n';

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-csv-batch-'));
  const network = path.join(root, 'network');
  // CA: canonical headers; results with a quoted two-line value, a blank line and three bad rows. Its
  // patient 2 sends sex "1", which only CB's mapping reads as male.
  await writePractice(network, 'CA', {
    'patients.csv': lines('patient_id,family_name,given_name,birth_date,sex', '1,Smith,Ann,1950-01-01,F', '2,Jones,Bo,1960-02-02,1'),
    'results.csv': lines(
      'result_id,patient_id,code_system,code,date,value,display', // 1
      'R1,1,LOINC,2345-7,2024-03-04,101,"Glucose', // 2
      'fasting"', // 3
      '', // 4
      'R2,1,LOCAL-LAB,GLU,2024-13-01,99,Glucose', // 5 bad date
      'R3,2,LOINC,2345-7,2024-03-05,98', // 6 one field short
      'R4,9,LOINC,2345-7,2024-03-06,97,Glucose', // 7 no such patient
      'R5,2,LOCAL-LAB,GLU,2024-03-07,96,Glucose', // 8 local code, no code map
    ),
  });
  // CB: its own file names, header names, column order and width, a value map and a code map.
  await writePractice(
    network,
    'CB',
    {
      'Demographics.csv': lines('Gender,DOB,First,Last,PatID', '1,1970-05-05,Cy,Brown,7'),
      'Labs.csv': lines(
        'PatID,LabID,Drawn,System,Code,Result', // 1
        '7,L1,2024-04-01,LOCAL-LAB,GLU,120', // 2
        '7,L1,2024-04-02,LOINC,2345-7,121', // 3 same id again
        '7,L2,2024-04-03,LOINC,,122', // 4 no code
      ),
      'mapping.json': JSON.stringify({
        files: { patients: 'Demographics.csv', results: 'Labs.csv' },
        columns: {
          patients: { patient_id: 'PatID', family_name: 'Last', given_name: 'First', birth_date: 'DOB', sex: 'Gender' },
          results: { result_id: 'LabID', patient_id: 'PatID', code_system: 'System', code: 'Code', date: 'Drawn', value: 'Result' },
        },
        values: { patients: { sex: { '1': 'M', '2': 'F' } } },
      }),
      'codes.csv': lines('local_system,local_code,code_system,code,display', 'LOCAL-LAB,GLU,LOINC,2345-7,Glucose'),
    },
    { csv_mapping: 'mapping.json', code_map: 'codes.csv' },
  );
  // CC: a header-only patients file, and results whose header lacks the required date column.
  await writePractice(network, 'CC', {
    'patients.csv': lines('patient_id,family_name,given_name,birth_date,sex'),
    'results.csv': lines('result_id,patient_id,code_system,code', 'X1,1,LOINC,2345-7'),
  });
  // CD: US dates, so its files cannot share the others' batches.
  await writePractice(network, 'CD', { 'patients.csv': lines('patient_id,family_name,given_name,birth_date,sex', '5,Gray,Di,03/04/1955,F'), 'mapping.json': JSON.stringify({ date_format: '%m/%d/%Y' }) }, { csv_mapping: 'mapping.json' });
  db = await memoryDb();
  summary = await ingestPaths(db, [network], { progress: (m) => progress.push(m) });
});

afterAll(async () => {
  await db.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('a CSV load batch across practices', () => {
  it('reads a table of every practice that reads alike in one batch; other date formats load apart', () => {
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ x3 \(3 practices\): 3 read, 0 rejected/),
        expect.stringMatching(/ x3 \(3 practices\): 9 read, 6 rejected/),
        expect.stringMatching(/^CD patients\.csv: 1 read, 0 rejected/),
      ]),
    );
  });

  it('keeps every file its own physical line numbers and reject reasons', async () => {
    const rejects = await db.query(
      `SELECT f.practice_id, regexp_extract(f.path, '[^/]+$') AS file, r.line_no, r.record_id, r.reason
       FROM rejected_row r JOIN source_file f USING (source_file_id)
       ORDER BY f.practice_id, file, r.line_no`,
    );
    expect(rejects).toEqual([
      { practice_id: 'CA', file: 'results.csv', line_no: 5, record_id: 'R2', reason: 'InvalidDate' },
      { practice_id: 'CA', file: 'results.csv', line_no: 6, record_id: null, reason: 'WrongColumnCount' },
      { practice_id: 'CA', file: 'results.csv', line_no: 7, record_id: 'R4', reason: 'UnknownPatient' },
      { practice_id: 'CB', file: 'Labs.csv', line_no: 3, record_id: 'L1', reason: 'DuplicateId' },
      { practice_id: 'CB', file: 'Labs.csv', line_no: 4, record_id: 'L2', reason: 'MissingRequired' },
      { practice_id: 'CC', file: 'patients.csv', line_no: null, record_id: null, reason: 'EmptyFile' },
      { practice_id: 'CC', file: 'results.csv', line_no: 2, record_id: null, reason: 'MissingColumn' },
    ]);
  });

  it('counts read = loaded + rejected per file', async () => {
    const counts = await db.query(
      `SELECT f.practice_id, regexp_extract(f.path, '[^/]+$') AS file, f.status, f.rows_read, f.rows_loaded, f.rows_rejected
       FROM source_file f
       ORDER BY f.practice_id, file`,
    );
    expect(counts).toEqual([
      { practice_id: 'CA', file: 'patients.csv', status: 'loaded', rows_read: 2, rows_loaded: 2, rows_rejected: 0 },
      { practice_id: 'CA', file: 'results.csv', status: 'loaded', rows_read: 5, rows_loaded: 2, rows_rejected: 3 },
      { practice_id: 'CB', file: 'Demographics.csv', status: 'loaded', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
      { practice_id: 'CB', file: 'Labs.csv', status: 'loaded', rows_read: 3, rows_loaded: 1, rows_rejected: 2 },
      { practice_id: 'CC', file: 'patients.csv', status: 'empty', rows_read: 0, rows_loaded: 0, rows_rejected: 0 },
      { practice_id: 'CC', file: 'results.csv', status: 'loaded', rows_read: 1, rows_loaded: 0, rows_rejected: 1 },
      { practice_id: 'CD', file: 'patients.csv', status: 'loaded', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
    ]);
    for (const p of summary.practices) for (const c of p.counts) expect(c.read).toBe(c.loaded + c.rejected);
  });

  it('maps each file by its own header, value map and code map', async () => {
    expect(await db.query('SELECT patient_record_id, family_name, birth_date, sex FROM patient_record ORDER BY 1')).toEqual([
      { patient_record_id: 'CA/1', family_name: 'Smith', birth_date: '1950-01-01', sex: 'female' },
      { patient_record_id: 'CA/2', family_name: 'Jones', birth_date: '1960-02-02', sex: 'unknown' },
      { patient_record_id: 'CB/7', family_name: 'Brown', birth_date: '1970-05-05', sex: 'male' },
      { patient_record_id: 'CD/5', family_name: 'Gray', birth_date: '1955-03-04', sex: 'female' },
    ]);
    const rows = await db.query(
      `SELECT o.observation_id, o.patient_record_id, o.value_num, f.practice_id = o.practice_id AS own_file,
              list_transform(o.codings, c -> c.system || '|' || c.code) AS codes, o.codings[-1].display AS display
       FROM observation o JOIN source_file f USING (source_file_id)
       ORDER BY 1`,
    );
    expect(rows).toEqual([
      { observation_id: 'CA/R1', patient_record_id: 'CA/1', value_num: 101, own_file: true, codes: ['LOINC|2345-7'], display: 'Glucose\nfasting' },
      { observation_id: 'CA/R5', patient_record_id: 'CA/2', value_num: 96, own_file: true, codes: ['LOCAL-LAB|GLU'], display: 'Glucose' },
      { observation_id: 'CB/L1', patient_record_id: 'CB/7', value_num: 120, own_file: true, codes: ['LOINC|2345-7', 'LOCAL-LAB|GLU'], display: null },
    ]);
  });
});
