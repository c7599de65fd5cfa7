// The load orchestrator and `caliper ingest`: practice discovery and manifest validation, idempotence by
// sha256, newer files replacing older records, failed files recorded without stopping the load, and the
// CLI's table, JSON summary and exit codes.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as ingestCli } from '../../server/cli/ingest.ts';
import type { Database } from '../../server/db/database.ts';
import { ingestFiles, ingestFolder, ingestPaths, type IngestSummary } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

let root: string;
let folderNo = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-ingest-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const ndjson = (...resources: object[]) => resources.map((r) => JSON.stringify(r)).join('\n') + '\n';
const patient = (id: string) => ({ resourceType: 'Patient', id, gender: 'female', birthDate: '1950-01-01' });
const a1c = (id: string, patientId: string, value: number) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2024-05-06',
  valueQuantity: { value, unit: '%' },
});

/** A practice folder written from strings; returns its path. */
async function practice(practiceId: string, files: Record<string, string>, parent = root): Promise<string> {
  const folder = path.join(parent, `practice-${++folderNo}`);
  return writePracticeFolder(folder, { practice_id: practiceId, name: `Practice ${practiceId}`, format: 'fhir' }, files);
}

const tableCounts = (db: Database) =>
  db.query(`SELECT
      (SELECT count(*) FROM patient_record) AS patients,
      (SELECT count(*) FROM observation) AS observations,
      (SELECT count(*) FROM source_file) AS files,
      (SELECT count(*) FROM source_file_count) AS file_counts,
      (SELECT count(*) FROM rejected_row) AS rejects`);

describe('ingestFolder / ingestPaths', () => {
  let db: Database;
  beforeAll(async () => {
    db = await memoryDb();
  });
  afterAll(() => db.close());

  it('loading the same files twice changes nothing: they are skipped by sha256', async () => {
    const folder = await practice('IDEM', {
      'Patient.ndjson': ndjson(patient('p1')),
      'Observation.ndjson': ndjson(a1c('o1', 'p1', 6.1), a1c('o2', 'nobody', 7)),
    });
    const first = await ingestFolder(db, folder);
    expect(first.files.map((f) => f.status)).toEqual(['loaded', 'loaded']);
    const before = await tableCounts(db);
    expect(before).toEqual([{ patients: 1, observations: 1, files: 2, file_counts: 2, rejects: 1 }]);

    const second = await ingestFolder(db, folder);
    expect(second.files.map((f) => [f.status, f.skipped, f.source_file_id])).toEqual(first.files.map((f) => ['skipped', true, f.source_file_id]));
    expect(second.counts).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a newer file replaces the records with the same id; other records and practices stay', async () => {
    const shared = { 'Patient.ndjson': ndjson(patient('p1')) };
    const other = await practice('OTHER', { ...shared, 'Observation.ndjson': ndjson(a1c('o1', 'p1', 9.9)) });
    await ingestFolder(db, other);
    // Dated sub-folders load oldest first (path order).
    const folder = await practice('NIGHTLY', {
      ...shared,
      '2024-05-01/Observation.ndjson': ndjson(a1c('o1', 'p1', 6.1), a1c('o2', 'p1', 6.5)),
      '2024-05-02/Observation.ndjson': ndjson(a1c('o1', 'p1', 7.4)),
    });
    const result = await ingestFolder(db, folder);
    expect(result.files.map((f) => path.relative(folder, f.path))).toEqual([
      'Patient.ndjson',
      path.join('2024-05-01', 'Observation.ndjson'),
      path.join('2024-05-02', 'Observation.ndjson'),
    ]);
    const newest = result.files[2]!.source_file_id;
    expect(
      await db.query(`SELECT practice_id, source_id, value_num, source_file_id = $newest AS from_newest FROM observation
                      WHERE practice_id IN ('NIGHTLY', 'OTHER') ORDER BY practice_id, source_id`, { newest }),
    ).toEqual([
      { practice_id: 'NIGHTLY', source_id: 'o1', value_num: 7.4, from_newest: true },
      { practice_id: 'NIGHTLY', source_id: 'o2', value_num: 6.5, from_newest: false },
      { practice_id: 'OTHER', source_id: 'o1', value_num: 9.9, from_newest: false },
    ]);
  });

  it('records a file that cannot be read, and one DuckDB cannot parse, as failed and loads the rest', async () => {
    // A bare CR inside a line makes DuckDB's CSV reader give up on the whole file.
    const folder = await practice('FAIL', {
      'Patient.ndjson': ndjson(patient('p1')),
      'Observation.ndjson': '{"resourceType":"Observation","id":"o1"}\n{"a":"x\ry"}\n',
    });
    const manifest = { practice_id: 'FAIL', name: 'Failing', format: 'fhir' as const };
    const result = await ingestFiles(db, manifest, folder, ['Patient.ndjson', 'missing.ndjson', 'Observation.ndjson']);
    expect(result.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['Patient.ndjson', 'loaded'],
      ['missing.ndjson', 'failed'],
      ['Observation.ndjson', 'failed'],
    ]);
    const rows = await db.query(
      `SELECT f.status, r.line_no, r.reason, r.detail FROM rejected_row r JOIN source_file f USING (source_file_id)
       WHERE f.practice_id = 'FAIL' ORDER BY f.source_file_id`,
    );
    expect(rows).toEqual([
      { status: 'failed', line_no: null, reason: 'Unreadable', detail: expect.stringMatching(/ENOENT/) },
      { status: 'failed', line_no: null, reason: 'LoadFailed', detail: expect.stringMatching(/CSV/) },
    ]);
    // A failed file is retried on the next load (not skipped), replacing its failed registration.
    const again = await ingestFiles(db, manifest, folder, ['Observation.ndjson']);
    expect(again.files[0]!.status).toBe('failed');
    expect(await db.query(`SELECT count(*) AS n FROM source_file WHERE practice_id = 'FAIL' AND path LIKE '%Observation.ndjson'`)).toEqual([{ n: 1 }]);
  });

  it('finds practice folders below a parent folder and checks every manifest before loading', async () => {
    const parent = path.join(root, 'network');
    await practice('NET1', { 'Patient.ndjson': ndjson(patient('a')) }, parent);
    await practice('NET2', { 'Patient.ndjson': ndjson(patient('b')) }, path.join(parent, 'region'));
    const summary = await ingestPaths(db, [parent]);
    expect(summary.practices.map((p) => [p.practice_id, p.counts])).toEqual([
      ['NET1', [{ resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 }]],
      ['NET2', [{ resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 }]],
    ]);

    const broken = await practice('BROKEN', { 'Patient.ndjson': ndjson(patient('c')) }, path.join(root, 'broken-network'));
    await fs.writeFile(path.join(broken, 'source.json'), JSON.stringify({ practice_id: 'has space', name: '', format: 'hl7v2' }));
    await expect(ingestPaths(db, [path.join(root, 'broken-network')])).rejects.toThrow(/source\.json: practice_id: .*name: .*format: /);
    await expect(ingestPaths(db, [path.join(root, 'does-not-exist')])).rejects.toThrow(/not a readable folder/);
    const empty = path.join(root, 'no-practices');
    await fs.mkdir(empty);
    await expect(ingestPaths(db, [empty])).rejects.toThrow(/no source\.json/);
    expect(await db.query(`SELECT count(*) AS n FROM patient_record WHERE practice_id = 'BROKEN'`)).toEqual([{ n: 0 }]);
  });

  it('two practices in one load keep their own counts and provenance; a bad file of one is isolated', async () => {
    // One pooled connection: every file of both practices loads on it, one after the other.
    const single = await memoryDb(1);
    try {
      const parent = path.join(root, 'two-practices');
      await practice('TWO_A', {
        'Patient.ndjson': ndjson(patient('p1'), patient('p2')),
        'Observation.ndjson': ndjson(a1c('o1', 'p1', 6.1), a1c('o2', 'p2', 7.2), a1c('o3', 'nobody', 8)),
      }, parent);
      await practice('TWO_B', {
        'Patient.ndjson': ndjson(patient('p1')),
        'Observation.ndjson': '{"resourceType":"Observation","id":"o1"}\n{"a":"x\ry"}\n',
        'Observation_2.ndjson': ndjson(a1c('o1', 'p1', 9.9)),
      }, parent);
      const summary = await ingestPaths(single, [parent]);
      expect(summary.practices.map((p) => [p.practice_id, p.files.map((f) => [path.basename(f.path), f.status])])).toEqual([
        ['TWO_A', [['Patient.ndjson', 'loaded'], ['Observation.ndjson', 'loaded']]],
        ['TWO_B', [['Patient.ndjson', 'loaded'], ['Observation.ndjson', 'failed'], ['Observation_2.ndjson', 'loaded']]],
      ]);
      expect(summary.practices.map((p) => [p.practice_id, p.counts])).toEqual([
        ['TWO_A', [
          { resource_type: 'Observation', read: 3, loaded: 2, rejected: 1 },
          { resource_type: 'Patient', read: 2, loaded: 2, rejected: 0 },
        ]],
        ['TWO_B', [
          { resource_type: 'Observation', read: 1, loaded: 1, rejected: 0 },
          { resource_type: 'Patient', read: 1, loaded: 1, rejected: 0 },
        ]],
      ]);
      // source_file_count per file, and every row points at a file of its own practice.
      expect(
        await single.query(`SELECT f.practice_id, regexp_extract(f.path, '[^/]+$') AS file, f.status, c.resource_type, c.rows_read, c.rows_loaded, c.rows_rejected
                            FROM source_file f LEFT JOIN source_file_count c USING (source_file_id)
                            ORDER BY f.practice_id, f.source_file_id`),
      ).toEqual([
        { practice_id: 'TWO_A', file: 'Patient.ndjson', status: 'loaded', resource_type: 'Patient', rows_read: 2, rows_loaded: 2, rows_rejected: 0 },
        { practice_id: 'TWO_A', file: 'Observation.ndjson', status: 'loaded', resource_type: 'Observation', rows_read: 3, rows_loaded: 2, rows_rejected: 1 },
        { practice_id: 'TWO_B', file: 'Patient.ndjson', status: 'loaded', resource_type: 'Patient', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
        { practice_id: 'TWO_B', file: 'Observation.ndjson', status: 'failed', resource_type: null, rows_read: null, rows_loaded: null, rows_rejected: null },
        { practice_id: 'TWO_B', file: 'Observation_2.ndjson', status: 'loaded', resource_type: 'Observation', rows_read: 1, rows_loaded: 1, rows_rejected: 0 },
      ]);
      expect(
        await single.query(`SELECT o.practice_id, o.source_id, o.value_num, f.practice_id = o.practice_id AS own_file, regexp_extract(f.path, '[^/]+$') AS file
                            FROM observation o JOIN source_file f USING (source_file_id) ORDER BY o.practice_id, o.source_id`),
      ).toEqual([
        { practice_id: 'TWO_A', source_id: 'o1', value_num: 6.1, own_file: true, file: 'Observation.ndjson' },
        { practice_id: 'TWO_A', source_id: 'o2', value_num: 7.2, own_file: true, file: 'Observation.ndjson' },
        { practice_id: 'TWO_B', source_id: 'o1', value_num: 9.9, own_file: true, file: 'Observation_2.ndjson' },
      ]);
      expect(
        await single.query(`SELECT f.practice_id, r.line_no, r.reason FROM rejected_row r JOIN source_file f USING (source_file_id) ORDER BY f.practice_id`),
      ).toEqual([
        { practice_id: 'TWO_A', line_no: 3, reason: 'UnknownPatient' },
        { practice_id: 'TWO_B', line_no: null, reason: 'LoadFailed' },
      ]);
    } finally {
      await single.close();
    }
  });

  it('refuses a code map with incomplete rows', async () => {
    const folder = await practice('MAP', { 'Patient.ndjson': ndjson(patient('p1')), 'codes.csv': 'local_system,local_code,code_system,code,display\nLAB,G1,,2345-7,Glucose\n' });
    await fs.writeFile(path.join(folder, 'source.json'), JSON.stringify({ practice_id: 'MAP', name: 'Map', format: 'fhir', code_map: 'codes.csv' }));
    await expect(ingestFolder(db, folder)).rejects.toThrow(/codes\.csv: 1 row\(s\) lack/);
  });
});

describe('caliper ingest', () => {
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
    const code = await ingestCli(args);
    return { code, stdout: out.join('\n'), stderr: err.join('') };
  }

  it('prints a per-practice, per-resource-type table and progress lines; --json prints only the summary', async () => {
    const folder = await practice('CLI', {
      'Patient.ndjson': ndjson(patient('p1')),
      'Observation.ndjson': ndjson(a1c('o1', 'p1', 6.1), a1c('o2', 'nobody', 7)),
    });
    const dbFile = path.join(root, 'cli.duckdb');
    const table = await cli([folder, '--db', dbFile]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/CLI \(Practice CLI\): 2 file\(s\) loaded, 0 empty, 0 skipped, 0 failed/);
    expect(table.stdout).toMatch(/Observation\s+2\s+1\s+1/);
    expect(table.stdout).toMatch(/Patient\s+1\s+1\s+0/);
    expect(table.stderr).toMatch(/CLI Observation\.ndjson: 2 read, 1 rejected in [\d.]+ s \([\d,]+\/s\)/);

    const json = await cli(['--json', '--db', dbFile, folder]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as IngestSummary;
    expect(summary.practices[0]!.files.map((f) => f.status)).toEqual(['skipped', 'skipped']);
  });

  it('exits 2 on a usage error and fails on a folder it cannot read', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--bogus', 'x'])).code).toBe(2);
    await expect(cli([path.join(root, 'nope'), '--db', path.join(root, 'cli2.duckdb')])).rejects.toThrow(/not a readable folder/);
  });
});
