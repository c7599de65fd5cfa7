// Bad FHIR input never stops a load and is never dropped silently: each hand-written file of
// test/fixtures/ingest/fhir/bad holds one class of bad input next to good lines. For each, the good
// lines load, every line is counted once (read = loaded + rejected per resource type, in the summary and
// in source_file_count), and each rejected line keeps its coded reason, line number, id and raw text.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import type { Row } from '../../server/db/json.ts';
import { ingestFiles, type PracticeSummary } from '../../server/ingest/orchestrator.ts';
import type { ContentCount, FileLoadResult } from '../../server/ingest/types.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const BAD = path.resolve(import.meta.dirname, '../fixtures/ingest/fhir/bad');
const line = (file: string, n: number) => fs.readFileSync(path.join(BAD, file), 'latin1').split('\n')[n - 1]!;

let db: Database;
let summary: PracticeSummary;
beforeAll(async () => {
  db = await memoryDb();
  // Patients first, as a practice folder would load them; then every bad file.
  const files = ['Patient.ndjson', ...fs.readdirSync(BAD).filter((f) => f !== 'Patient.ndjson').sort()];
  summary = await ingestFiles(db, { practice_id: 'BAD', name: 'Bad input', format: 'fhir' }, BAD, files);
});
afterAll(() => db.close());

function file(name: string): FileLoadResult {
  const result = summary.files.find((f) => path.basename(f.path) === name);
  expect(result, name).toBeDefined();
  return result!;
}

/** Per resource type [read, loaded, rejected] of a file, checked against source_file_count too. */
async function counts(name: string): Promise<Record<string, [number, number, number]>> {
  const result = file(name);
  for (const c of result.counts) expect(c.read, `${name} ${c.resource_type}`).toBe(c.loaded + c.rejected);
  const stored = await db.query(
    `SELECT resource_type, rows_read AS read, rows_loaded AS loaded, rows_rejected AS rejected
     FROM source_file_count WHERE source_file_id = $id ORDER BY resource_type`,
    { id: result.source_file_id },
  );
  expect(stored).toEqual([...result.counts].sort((a, b) => a.resource_type.localeCompare(b.resource_type)));
  return Object.fromEntries(result.counts.map((c: ContentCount) => [c.resource_type, [c.read, c.loaded, c.rejected]]));
}

async function rejects(name: string): Promise<Row[]> {
  return db.query(
    `SELECT line_no, resource_type, record_id, reason, detail, raw FROM rejected_row WHERE source_file_id = $id ORDER BY line_no`,
    { id: file(name).source_file_id },
  );
}

const loaded = async (table: string) =>
  (await db.query(`SELECT source_id FROM ${table} WHERE practice_id = 'BAD' ORDER BY source_id`)).map((r) => r.source_id);

describe('bad FHIR NDJSON lines', () => {
  it('MalformedJson: a line that is not JSON is rejected with its text; the lines around it load', async () => {
    expect(await counts('malformed.ndjson')).toEqual({ Observation: [3, 2, 1], '(unknown)': [1, 0, 1] });
    expect(await rejects('malformed.ndjson')).toEqual([
      // resourceType and id read from the start of the broken line
      { line_no: 2, resource_type: 'Observation', record_id: 'm2', reason: 'MalformedJson', detail: 'not valid JSON', raw: line('malformed.ndjson', 2) },
      { line_no: 3, resource_type: null, record_id: null, reason: 'MalformedJson', detail: 'not valid JSON', raw: 'this is not json' },
    ]);
    expect(await loaded('observation')).toEqual(expect.arrayContaining(['m1', 'm4']));
  });

  it('MalformedJson: a truncated last line (no newline) is rejected as incomplete', async () => {
    expect(await counts('truncated.ndjson')).toEqual({ Observation: [3, 2, 1] });
    expect(await rejects('truncated.ndjson')).toEqual([
      {
        line_no: 3,
        resource_type: 'Observation',
        record_id: 't3',
        reason: 'MalformedJson',
        detail: 'not valid JSON: the last line is incomplete (truncated file?)',
        raw: '{"resourceType":"Observation","id":"t3","status":"final","code":{"cod',
      },
    ]);
  });

  it('MissingId: a resource without an id (or an empty or blank one)', async () => {
    expect(await counts('missing-id.ndjson')).toEqual({ Observation: [2, 1, 1], Patient: [3, 0, 3] });
    expect(await rejects('missing-id.ndjson')).toEqual([
      { line_no: 1, resource_type: 'Observation', record_id: null, reason: 'MissingId', detail: 'Observation without an id', raw: line('missing-id.ndjson', 1) },
      { line_no: 2, resource_type: 'Patient', record_id: '', reason: 'MissingId', detail: 'Patient without an id', raw: line('missing-id.ndjson', 2) },
      // blank: spaces, or a Unicode space (U+00A0) that trim() removes too
      { line_no: 4, resource_type: 'Patient', record_id: '   ', reason: 'MissingId', detail: 'Patient without an id', raw: line('missing-id.ndjson', 4) },
      { line_no: 5, resource_type: 'Patient', record_id: '\u00a0', reason: 'MissingId', detail: 'Patient without an id', raw: line('missing-id.ndjson', 5) },
    ]);
  });

  it('MissingSubject: no subject reference', async () => {
    expect(await counts('missing-subject.ndjson')).toEqual({ Observation: [2, 1, 1], Condition: [1, 0, 1] });
    expect(await rejects('missing-subject.ndjson')).toEqual([
      { line_no: 1, resource_type: 'Observation', record_id: 's1', reason: 'MissingSubject', detail: 'Observation.subject is missing', raw: line('missing-subject.ndjson', 1) },
      { line_no: 2, resource_type: 'Condition', record_id: 's2', reason: 'MissingSubject', detail: 'Condition.subject is missing', raw: line('missing-subject.ndjson', 2) },
    ]);
  });

  it('UnknownPatient: a subject that is no Patient loaded for the practice', async () => {
    expect(await counts('unknown-patient.ndjson')).toEqual({ Observation: [3, 1, 2] });
    expect(await rejects('unknown-patient.ndjson')).toEqual([
      {
        line_no: 1,
        resource_type: 'Observation',
        record_id: 'u1',
        reason: 'UnknownPatient',
        detail: 'Observation.subject Patient/nobody is not a patient loaded for this practice',
        raw: line('unknown-patient.ndjson', 1),
      },
      {
        line_no: 2,
        resource_type: 'Observation',
        record_id: 'u2',
        reason: 'UnknownPatient',
        detail: 'Observation.subject Group/g1 is not a patient loaded for this practice',
        raw: line('unknown-patient.ndjson', 2),
      },
    ]);
    expect(await loaded('observation')).toContain('u3');
  });

  it('InvalidDate: an unparseable date in any kind, Patients included', async () => {
    expect(await counts('invalid-date.ndjson')).toEqual({ Observation: [2, 1, 1], Condition: [1, 0, 1], Patient: [1, 0, 1] });
    const rows = await rejects('invalid-date.ndjson');
    expect(rows.map((r) => [r.line_no, r.record_id, r.reason, r.detail])).toEqual([
      [1, 'd1', 'InvalidDate', 'Observation.effective is not a FHIR date/time: 2024-13-45'],
      [2, 'd2', 'InvalidDate', 'Condition.onset is not a FHIR date/time: yesterday'],
      [3, 'd3', 'InvalidDate', 'Patient.birthDate is not a FHIR date/time: 19XX'],
    ]);
    expect(rows.map((r) => r.raw)).toEqual([1, 2, 3].map((n) => line('invalid-date.ndjson', n)));
    // A leap day with an offset is a valid date: 2024-02-29T23:00-05:00 = 2024-03-01T04:00Z.
    expect(await db.query(`SELECT effective_start FROM observation WHERE source_id = 'd4'`)).toEqual([
      { effective_start: '2024-03-01T04:00:00.000Z' },
    ]);
  });

  it('CodingWithoutSystem: a primary code whose codings carry no system; one system suffices', async () => {
    expect(await counts('coding-without-system.ndjson')).toEqual({ Observation: [3, 1, 2] });
    const rows = await rejects('coding-without-system.ndjson');
    expect(rows.map((r) => [r.line_no, r.record_id, r.reason, r.detail])).toEqual([
      [1, 'c1', 'CodingWithoutSystem', 'Observation.code has codings without a system: 1234-5'],
      [2, 'c2', 'CodingWithoutSystem', 'Observation.code has codings without a system: 1234-5'],
    ]);
    expect(rows.map((r) => r.raw)).toEqual([1, 2].map((n) => line('coding-without-system.ndjson', n)));
    expect(await db.query(`SELECT codings FROM observation WHERE source_id = 'c3'`)).toEqual([
      { codings: [{ system: 'LOINC', code: '4548-4', display: null }, { system: null, code: 'LOCAL-9', display: null }] },
    ]);
  });

  it('UnknownResourceType: an unsupported resourceType, or none', async () => {
    expect(await counts('unknown-type.ndjson')).toEqual({ Basic: [1, 0, 1], '(unknown)': [2, 0, 2], Observation: [1, 1, 0] });
    expect(await rejects('unknown-type.ndjson')).toEqual([
      { line_no: 1, resource_type: 'Basic', record_id: 'b1', reason: 'UnknownResourceType', detail: 'resource type Basic is not loaded by Caliper', raw: '{"resourceType":"Basic","id":"b1"}' },
      { line_no: 2, resource_type: null, record_id: 'x1', reason: 'UnknownResourceType', detail: 'no resourceType', raw: '{"id":"x1","status":"final"}' },
      { line_no: 3, resource_type: null, record_id: null, reason: 'UnknownResourceType', detail: 'no resourceType', raw: '[1, 2, 3]' },
    ]);
  });

  it('InvalidEncoding: a line with invalid UTF-8 is rejected; later lines keep their physical line number', async () => {
    expect(await counts('invalid-utf8.ndjson')).toEqual({ Observation: [4, 2, 2] });
    const rows = await rejects('invalid-utf8.ndjson');
    expect(rows.map((r) => [r.line_no, r.record_id, r.reason])).toEqual([
      [2, 'e2', 'InvalidEncoding'],
      [4, 'e4', 'UnknownPatient'],
    ]);
    expect(rows[0]!.raw).toMatch(/^\{"resourceType":"Observation","id":"e2","note":"caf\?+"\}$/);
    expect(rows[1]!.raw).toBe(line('invalid-utf8.ndjson', 4));
  });

  it('MalformedJson: a raw control byte (the reader refuses the line) is kept with its text', async () => {
    expect(await counts('control-byte.ndjson')).toEqual({ Observation: [3, 2, 1] });
    expect(await rejects('control-byte.ndjson')).toEqual([
      {
        line_no: 2,
        resource_type: 'Observation',
        record_id: 'x2',
        reason: 'MalformedJson',
        detail: 'not valid JSON: a raw control byte 0x01 in the line',
        raw: '{"resourceType":"Observation","id":"x2",\u0001"status":"final"}',
      },
    ]);
  });

  it('DuplicateId: the same id twice in a file keeps the first line and rejects the later (as for CSV)', async () => {
    expect(await counts('duplicate-id.ndjson')).toEqual({ Observation: [3, 2, 1] });
    expect(await rejects('duplicate-id.ndjson')).toEqual([
      {
        line_no: 3,
        resource_type: 'Observation',
        record_id: 'dup',
        reason: 'DuplicateId',
        detail: 'the same Observation id was sent before, at line 1, which is kept',
        raw: line('duplicate-id.ndjson', 3),
      },
    ]);
    expect(await db.query(`SELECT value_num FROM observation WHERE source_id = 'dup'`)).toEqual([{ value_num: 1 }]);
  });

  it('UnknownMedication and MissingRequired: a medicationReference to nothing, a Claim without items', async () => {
    expect(await counts('unknown-medication.ndjson')).toEqual({ MedicationRequest: [1, 0, 1] });
    expect((await rejects('unknown-medication.ndjson')).map((r) => [r.line_no, r.reason, r.detail])).toEqual([
      [1, 'UnknownMedication', 'MedicationRequest.medicationReference Medication/missing is not a Medication (with a code) loaded for this practice'],
    ]);
    expect(await counts('claim-without-items.ndjson')).toEqual({ Claim: [1, 0, 1] });
    expect((await rejects('claim-without-items.ndjson')).map((r) => [r.line_no, r.record_id, r.reason])).toEqual([[1, 'cl0', 'MissingRequired']]);
  });
});

describe('bad files', () => {
  it('EmptyFile: an empty or blank NDJSON file or a Bundle without entries is one file-level reject', async () => {
    for (const name of ['empty.ndjson', 'blank.ndjson', 'bundle-empty.json']) {
      expect(file(name).status, name).toBe('empty');
      expect(await counts(name)).toEqual({});
      expect(await rejects(name)).toEqual([
        { line_no: null, resource_type: null, record_id: null, reason: 'EmptyFile', detail: expect.stringMatching(/no FHIR resources/), raw: null },
      ]);
    }
  });

  it('a Bundle that is not valid JSON or not UTF-8 fails as a whole, recorded, and the load goes on', async () => {
    expect(file('bundle-malformed.json').status).toBe('failed');
    expect(await rejects('bundle-malformed.json')).toEqual([
      { line_no: null, resource_type: null, record_id: null, reason: 'MalformedJson', detail: 'the file is not one valid JSON document', raw: null },
    ]);
    expect(file('bundle-invalid-utf8.json').status).toBe('failed');
    expect((await rejects('bundle-invalid-utf8.json')).map((r) => r.reason)).toEqual(['InvalidEncoding']);
    const failed = await db.query(`SELECT status, rows_read FROM source_file WHERE path LIKE '%bundle-malformed.json'`);
    expect(failed).toEqual([{ status: 'failed', rows_read: 0 }]);
    // Files after the failed ones still loaded.
    expect(file('unknown-type.ndjson').status).toBe('loaded');
  });
});
