// The per-source CSV mapping file (docs/csv-extract.md): validation, defaults, header matching.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvMappingSchema, csvTable, dateFormats, matchHeader, readCsvMapping } from '../../server/ingest/csv-mapping.ts';

describe('CSV mapping file', () => {
  it('defaults to the canonical extract when the manifest names none', async () => {
    const mapping = await readCsvMapping('/nowhere', { practice_id: 'P', name: 'P', format: 'csv' });
    expect(mapping).toMatchObject({ delimiter: ',', quote: '"', encoding: 'utf-8', date_format: '%Y-%m-%d', files: {} });
    expect(dateFormats(mapping)).toEqual(['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S']);
  });

  it('uses datetime_format for values with a time, after date_format', () => {
    const mapping = csvMappingSchema.parse({ date_format: '%m/%d/%Y', datetime_format: '%m/%d/%Y %I:%M %p' });
    expect(dateFormats(mapping)).toEqual(['%m/%d/%Y', '%m/%d/%Y %I:%M %p']);
  });

  it('refuses columns or values a table does not have, unknown tables and unknown keys', () => {
    const errors = (input: unknown) => csvMappingSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(errors({ columns: { patients: { dob: 'DOB' } } })).toEqual([['columns.patients.dob', 'patients has no column dob']]);
    expect(errors({ values: { encounters: { gender: { '1': 'male' } } } })).toEqual([['values.encounters.gender', 'encounters has no column gender']]);
    expect(errors({ files: { labs: 'Labs.csv' } })).toEqual([['files', 'Unrecognized key: "labs"']]);
    expect(errors({ dateFormat: '%m/%d/%Y' })?.[0]?.[1]).toMatch(/Unrecognized key/);
    expect(errors({ delimiter: "'", quote: "'" })).toEqual([['quote', 'delimiter and quote must differ']]);
  });

  it('reports an invalid mapping file with its path', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-mapping-'));
    try {
      await fs.writeFile(path.join(folder, 'mapping.json'), JSON.stringify({ delimiter: ';;' }));
      await expect(readCsvMapping(folder, { practice_id: 'P', name: 'P', format: 'csv', csv_mapping: 'mapping.json' })).rejects.toThrow(
        /Invalid CSV mapping .*mapping\.json/,
      );
    } finally {
      await fs.rm(folder, { recursive: true });
    }
  });

  it('matches headers as sent, ignoring case and surrounding spaces; the first match wins', () => {
    const mapping = csvMappingSchema.parse({ columns: { patients: { patient_id: 'PatID', birth_date: 'DOB' } } });
    const header = ['PATID', ' Family_Name ', 'dob', 'notes', 'DOB', 'Sex'];
    expect(Object.fromEntries(matchHeader(mapping, csvTable('patients'), header))).toEqual({
      patient_id: 0,
      family_name: 1,
      birth_date: 2,
      sex: 5,
    });
  });
});
