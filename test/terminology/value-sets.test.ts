import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { loadValueSets } from '../../server/terminology/value-sets.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'terminology');
// Read in place, read-only.
const ECQM = '/work/shared/fixtures/ecqm';
const REFDATA = '/work/shared/refdata/value_sets';

let db: Database;
beforeEach(async () => {
  db = await memoryDb(2);
});
afterEach(() => db.close());

async function codesOf(valueSetId: string): Promise<string[]> {
  const rows = await db.query(
    `SELECT code_system || '|' || code AS c FROM value_set_effective_code WHERE value_set_id = $id ORDER BY c`,
    { id: valueSetId },
  );
  return rows.map((r) => String(r.c));
}

describe('FHIR ValueSet JSON', () => {
  it('reads an expansion with nested contains at any depth, canonical systems, and the OID from identifier', async () => {
    const [summary] = await loadValueSets(db, [path.join(FIXTURES, 'expansion-nested.json')]);
    expect(summary).toMatchObject({
      value_set_id: '2.16.840.1.999999.1.1',
      version: '20250101',
      name: 'Diabetes (test)',
      codes: 5,
      declared_total: 5,
      complete: true,
      added: true,
    });
    expect(await codesOf('2.16.840.1.999999.1.1')).toEqual([
      'ICD10CM|E10.9',
      'ICD10CM|E11.9',
      'LOINC|4548-4',
      'SNOMEDCT|44054006',
      'SNOMEDCT|46635009',
    ]);
  });

  it('reads a compose-only ValueSet: include concepts minus exclude concepts, OID from the url', async () => {
    const [summary] = await loadValueSets(db, [path.join(FIXTURES, 'compose-concepts.json')]);
    expect(summary).toMatchObject({ value_set_id: '2.16.840.1.999999.1.2', version: '1.0', codes: 3, declared_total: null, complete: true });
    expect(await codesOf('2.16.840.1.999999.1.2')).toEqual(['CPT|99202', 'CPT|99203', 'SNOMEDCT|185463005']);
  });

  it('marks a compose with a filter as incomplete (its codes cannot be listed without a terminology server)', async () => {
    const [summary] = await loadValueSets(db, [path.join(FIXTURES, 'compose-filter.json')]);
    expect(summary).toMatchObject({ value_set_id: '2.16.840.1.999999.1.3', codes: 1, complete: false, effective_complete: false });
  });

  it('fails naming the file when a JSON file is malformed, and loads nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-vs-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'compose-concepts.json'), path.join(dir, 'a.json'));
      fs.writeFileSync(path.join(dir, 'b.json'), '{"resourceType": "ValueSet", "id": ');
      await expect(loadValueSets(db, [dir])).rejects.toThrow(/Malformed JSON in .*b\.json/);
      expect(await db.query('SELECT count(*) AS n FROM value_set')).toEqual([{ n: 0 }]);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('eCQM fixture value sets', () => {
  it('detects the three truncated expansions (expansion.total larger than the codes listed)', async () => {
    const summaries = await loadValueSets(db, [ECQM]);
    const truncated = summaries
      .filter((s) => s.declared_total !== null && s.declared_total > s.codes)
      .map((s) => ({ name: s.name, codes: s.codes, declared_total: s.declared_total, complete: s.complete }));
    expect(truncated).toEqual([
      { name: 'Advanced Illness', codes: 1000, declared_total: 1973, complete: false },
      { name: 'Pregnancy', codes: 1000, declared_total: 1986, complete: false },
      { name: 'Pregnancy Obstetric or Maternal Diagnoses', codes: 1000, declared_total: 1222, complete: false },
    ]);
    // The four measure folders' identical truncated copies are one expansion; CMS131 carries a full one.
    const advancedIllness = summaries.filter((s) => s.name === 'Advanced Illness');
    expect(advancedIllness.map((s) => [s.codes, s.sources.length, s.effective_complete])).toEqual([[1797, 1, true], [1000, 4, true]]);
  });
});

describe('refdata value sets (CSV layout)', () => {
  it('loads every value set and code of the CSVs, all complete', async () => {
    const summaries = await loadValueSets(db, [REFDATA]);
    const [csv] = await db.query(
      `SELECT
         (SELECT count(*) FROM read_csv($dir || '/value_sets.csv', header = true)) AS value_sets,
         (SELECT count(*) FROM read_csv($dir || '/value_set_codes_no_cpt_descriptors.csv', header = true)) AS codes`,
      { dir: REFDATA },
    );
    expect(csv).toEqual({ value_sets: 61, codes: 6391 });
    expect(summaries).toHaveLength(61);
    expect(summaries.every((s) => s.complete && s.codes === s.declared_total)).toBe(true);
    expect(await db.query('SELECT count(*) AS value_sets, sum(code_count) AS codes FROM value_set')).toEqual([csv]);
    expect(await db.query('SELECT count(*) AS codes FROM value_set_code')).toEqual([{ codes: 6391 }]);
    const systems = await db.query('SELECT DISTINCT code_system FROM value_set_code ORDER BY 1');
    expect(systems.map((r) => r.code_system)).toEqual(['CDCREC', 'CPT', 'HCPCS', 'ICD10CM', 'ICD10PCS', 'LOINC', 'RXNORM', 'SNOMEDCT', 'SOP']);
  });

  it('covers every value set the refdata measures name (measure_value_sets.csv)', async () => {
    await loadValueSets(db, [REFDATA]);
    const missing = await db.query(
      `SELECT DISTINCT m.value_set_oid_or_code AS oid
       FROM read_csv($path, header = true, all_varchar = true) m
       WHERE m.kind = 'valueset'
         AND m.value_set_oid_or_code NOT IN (SELECT value_set_id FROM value_set_effective WHERE complete)`,
      { path: `${REFDATA}/measure_value_sets.csv` },
    );
    expect(missing).toEqual([]);
  });
});

describe('effective version and idempotence', () => {
  it('keeps both copies of a version and uses the complete refdata expansion over the truncated fixture copy', async () => {
    const advancedIllness = '2.16.840.1.113883.3.464.1003.110.12.1082';
    await loadValueSets(db, [path.join(ECQM, 'CMS122', 'valuesets')]);
    expect(await db.query('SELECT complete, code_count FROM value_set_effective WHERE value_set_id = $id', { id: advancedIllness }))
      .toEqual([{ complete: false, code_count: 1000 }]);

    const summaries = await loadValueSets(db, [REFDATA]);
    expect(summaries.find((s) => s.value_set_id === advancedIllness)).toMatchObject({ complete: true, codes: 1797, effective_complete: true });
    expect(await db.query('SELECT version, complete FROM value_set WHERE value_set_id = $id ORDER BY complete', { id: advancedIllness }))
      .toEqual([{ version: '20190315', complete: false }, { version: '20190315', complete: true }]);
    expect(await db.query('SELECT complete, code_count FROM value_set_effective WHERE value_set_id = $id', { id: advancedIllness }))
      .toEqual([{ complete: true, code_count: 1797 }]);
    expect(await codesOf(advancedIllness)).toHaveLength(1797);
  });

  it('prefers a complete version over a newer truncated one, then the latest complete version', async () => {
    await loadValueSets(db, [path.join(FIXTURES, 'versions')]);
    expect(await db.query('SELECT version, complete FROM value_set ORDER BY version')).toEqual([
      { version: '20240101', complete: true },
      { version: '20250101', complete: true },
      { version: '20260101', complete: false },
    ]);
    expect(await db.query('SELECT version FROM value_set_effective')).toEqual([{ version: '20250101' }]);
  });

  it('changes nothing when the same files are loaded twice', async () => {
    const paths = [ECQM, REFDATA, FIXTURES];
    const counts = () =>
      db.query(`SELECT (SELECT count(*) FROM value_set) AS value_sets, (SELECT count(*) FROM value_set_code) AS codes,
                       (SELECT list(value_set_id || ' ' || version || ' ' || expansion_hash ORDER BY value_set_id) FROM value_set_effective) AS effective`);
    const first = await loadValueSets(db, paths);
    const before = await counts();
    const second = await loadValueSets(db, paths);
    expect(await counts()).toEqual(before);
    expect(first.some((s) => s.added)).toBe(true);
    expect(second.filter((s) => s.added)).toEqual([]);
    expect(second.map(({ added: _, ...s }) => s)).toEqual(first.map(({ added: _, ...s }) => s));
  });
});
