// Load batches: the same kind of file from several practices is read and normalised in one pass, yet
// every file keeps its own physical line numbers, rejects, counts (read = loaded + rejected), provenance
// and code map, and a file the reader cannot parse fails alone.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths, type IngestSummary } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

const ndjson = (...lines: (object | string)[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
const patient = (id: string) => ({ resourceType: 'Patient', id, gender: 'male', birthDate: '1960-02-03' });
const glucose = (id: string, patientId: string, system = 'http://loinc.org', code = '2345-7') => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system, code }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2024-03-04',
  valueQuantity: { value: 101, unit: 'mg/dL' },
});
const LOCAL_LAB = 'http://clinic.example/lab';

let root: string;
let db: Database;
let summary: IngestSummary;
const progress: string[] = [];

const writePractice = (parent: string, practiceId: string, files: Record<string, string | Buffer>, extra: object = {}) =>
  writePracticeFolder(path.join(parent, practiceId), { practice_id: practiceId, name: practiceId, format: 'fhir', ...extra }, files);

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-batch-'));
  const network = path.join(root, 'network');
  // A: a blank first line, a line that is not UTF-8 and a truncated last line around good ones.
  await writePractice(network, 'BA', {
    'Patient.ndjson': ndjson(patient('p1')),
    'Observation.ndjson': Buffer.concat([
      Buffer.from(`\n${JSON.stringify(glucose('o1', 'p1'))}\n`),
      Buffer.from('{"resourceType":"Observation","id":"bad-utf8","note":"\xff"}\n', 'latin1'),
      Buffer.from(`${JSON.stringify(glucose('o2', 'p1'))}\n{"resourceType":"Observation","id":"cut`),
    ]),
  });
  // B: a raw 0x01 byte, a repeated id, and the same observation id as A (another practice: both load);
  // its local lab code is mapped by its code map.
  await writePractice(
    network,
    'BB',
    {
      'Patient.ndjson': ndjson(patient('p1'), patient('p2')),
      'Observation.ndjson': ndjson(glucose('o1', 'p2', LOCAL_LAB, 'GLU'), '{"resourceType":"Observation","id":"ctl","note":"\u0001"}', glucose('o1', 'p1'), glucose('o3', 'nobody')),
      'codes.csv': `local_system,local_code,code_system,code,display\n${LOCAL_LAB},GLU,http://loinc.org,2345-7,Glucose\n`,
    },
    { code_map: 'codes.csv' },
  );
  // C: the same local code without a code map (it stays local), and an empty Observation file of its own.
  await writePractice(network, 'BC', {
    'Patient.ndjson': ndjson(patient('p9')),
    'Observation.ndjson': ndjson(glucose('o9', 'p9', LOCAL_LAB, 'GLU')),
    'Observation_2.ndjson': '',
  });
  db = await memoryDb();
  summary = await ingestPaths(db, [network], { progress: (m) => progress.push(m) });
});

afterAll(async () => {
  await db.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('a load batch across practices', () => {
  it('reads each kind of file of every practice in one batch', () => {
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Patient\.ndjson x3 \(3 practices\): 4 read, 0 rejected/),
        expect.stringMatching(/^Observation\.ndjson x3 \(3 practices\): 9 read, 5 rejected/),
      ]),
    );
    // BC's second Observation file cannot join the batch that holds its first: it loads after it, alone.
    expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^BC Observation_2\.ndjson: 0 read, 0 rejected/)]));
  });

  it('keeps every file its own physical line numbers and reject reasons', async () => {
    const rejects = await db.query(
      `SELECT f.practice_id, regexp_extract(f.path, '[^/]+$') AS file, r.line_no, r.record_id, r.reason
       FROM rejected_row r JOIN source_file f USING (source_file_id)
       ORDER BY f.practice_id, file, r.line_no`,
    );
    expect(rejects).toEqual([
      { practice_id: 'BA', file: 'Observation.ndjson', line_no: 3, record_id: 'bad-utf8', reason: 'InvalidEncoding' },
      { practice_id: 'BA', file: 'Observation.ndjson', line_no: 5, record_id: null, reason: 'MalformedJson' },
      { practice_id: 'BB', file: 'Observation.ndjson', line_no: 2, record_id: 'ctl', reason: 'MalformedJson' },
      { practice_id: 'BB', file: 'Observation.ndjson', line_no: 3, record_id: 'o1', reason: 'DuplicateId' },
      { practice_id: 'BB', file: 'Observation.ndjson', line_no: 4, record_id: 'o3', reason: 'UnknownPatient' },
      { practice_id: 'BC', file: 'Observation_2.ndjson', line_no: null, record_id: null, reason: 'EmptyFile' },
    ]);
  });

  it('counts read = loaded + rejected per file and resource type', async () => {
    const counts = await db.query(
      `SELECT f.practice_id, regexp_extract(f.path, '[^/]+$') AS file, f.status, c.resource_type, c.rows_read, c.rows_loaded, c.rows_rejected
       FROM source_file f LEFT JOIN source_file_count c USING (source_file_id)
       WHERE f.path LIKE '%Observation%'
       ORDER BY f.practice_id, file, c.resource_type`,
    );
    expect(counts).toEqual([
      { practice_id: 'BA', file: 'Observation.ndjson', status: 'loaded', resource_type: 'Observation', rows_read: 4, rows_loaded: 2, rows_rejected: 2 },
      { practice_id: 'BB', file: 'Observation.ndjson', status: 'loaded', resource_type: 'Observation', rows_read: 4, rows_loaded: 1, rows_rejected: 3 },
      { practice_id: 'BC', file: 'Observation.ndjson', status: 'loaded', resource_type: 'Observation', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
      { practice_id: 'BC', file: 'Observation_2.ndjson', status: 'empty', resource_type: null, rows_read: null, rows_loaded: null, rows_rejected: null },
    ]);
    for (const p of summary.practices) for (const c of p.counts) expect(c.read).toBe(c.loaded + c.rejected);
  });

  it('stores each row under its own practice and file, and applies only that practice\u2019s code map', async () => {
    const rows = await db.query(
      `SELECT o.practice_id, o.source_id, o.patient_record_id, f.practice_id = o.practice_id AS own_file,
              list_transform(o.codings, c -> c.system || '|' || c.code) AS codes
       FROM observation o JOIN source_file f USING (source_file_id)
       ORDER BY o.practice_id, o.source_id`,
    );
    expect(rows).toEqual([
      { practice_id: 'BA', source_id: 'o1', patient_record_id: 'BA/p1', own_file: true, codes: ['LOINC|2345-7'] },
      { practice_id: 'BA', source_id: 'o2', patient_record_id: 'BA/p1', own_file: true, codes: ['LOINC|2345-7'] },
      { practice_id: 'BB', source_id: 'o1', patient_record_id: 'BB/p2', own_file: true, codes: ['LOINC|2345-7', `${LOCAL_LAB}|GLU`] },
      { practice_id: 'BC', source_id: 'o9', patient_record_id: 'BC/p9', own_file: true, codes: [`${LOCAL_LAB}|GLU`] },
    ]);
  });
});
