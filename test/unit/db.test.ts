import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { Database } from '../../server/db/database.ts';
import { resultToArrowIPC } from '../../server/db/arrow.ts';
import { sqlFile, sqlFilesUnder } from '../../server/db/sql-registry.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: Database;
beforeAll(async () => {
  db = await memoryDb(2);
});
afterAll(() => db.close());

describe('JSON conversion', () => {
  it('turns BIGINT, DECIMAL, DATE and TIMESTAMP into one documented JSON form', async () => {
    const [row] = await db.query(
      `SELECT 42::BIGINT AS n, 9007199254740993::BIGINT AS big, 9.4::DECIMAL(5,1) AS d,
              DATE '2026-03-02' AS day, TIMESTAMP '2026-03-02 10:11:12.5' AS ts, [1, 2]::BIGINT[] AS list,
              {'a': DATE '2026-01-01'} AS s, NULL::VARCHAR AS nothing`,
    );
    expect(row).toEqual({
      n: 42,
      big: '9007199254740993',
      d: 9.4,
      day: '2026-03-02',
      ts: '2026-03-02T10:11:12.500Z',
      list: [1, 2],
      s: { a: '2026-01-01' },
      nothing: null,
    });
  });

  it('binds named parameters', async () => {
    const rows = await db.query('SELECT $a + 1 AS x, $b AS y', { a: 41, b: 'text' });
    expect(rows).toEqual([{ x: 42, y: 'text' }]);
  });
});

describe('connection pool', () => {
  it('never hands one connection to two concurrent callers', async () => {
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        db.withConnection(async (c) => {
          active++;
          peak = Math.max(peak, active);
          await c.run('SELECT count(*) FROM range(100000)');
          active--;
        }),
      ),
    );
    expect(peak).toBeLessThanOrEqual(2);
    expect(active).toBe(0);
  });

  it('rolls back a failed transaction', async () => {
    await db.exec('CREATE TABLE t_tx (x INTEGER)');
    await expect(
      db.transaction(async (c) => {
        await c.run('INSERT INTO t_tx VALUES (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT count(*) AS n FROM t_tx')).toEqual([{ n: 0 }]);
  });
});

describe('Arrow IPC', () => {
  it('sends explicit types and values', async () => {
    const reader = await db.withConnection((c) =>
      c.runAndReadAll(`SELECT 1::BIGINT AS a, 'x' AS b, DATE '2026-03-02' AS d, 2.5::DECIMAL(4,1) AS v, true AS ok`),
    );
    const table = tableFromIPC(resultToArrowIPC(reader));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'a:Int64',
      'b:Utf8',
      'd:Date32<DAY>',
      'v:Float64',
      'ok:Bool',
    ]);
    const row = table.get(0)!.toJSON();
    expect(row.a).toBe(1n);
    expect(row.b).toBe('x');
    expect(new Date(row.d as number).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(row.v).toBe(2.5);
  });

  it('keeps nulls, non-ASCII text, timestamps and nested values column by column', async () => {
    const reader = await db.withConnection((c) =>
      c.runAndReadAll(`
        SELECT * FROM (VALUES
          (1, 'Zoë Müller', DATE '2026-01-31', TIMESTAMP '2026-03-02 10:00:00', 7::BIGINT, [1, 2]),
          (NULL, NULL, NULL, NULL, NULL, NULL),
          (3, 'plain', DATE '1950-12-01', TIMESTAMP '1999-12-31 23:59:59.5', -2::BIGINT, []))
        AS t(i, s, d, ts, n, l)`),
    );
    const table = tableFromIPC(resultToArrowIPC(reader));
    expect(table.getChild('i')!.toArray()).toEqual(new Int32Array([1, 0, 3]));
    expect([...table.getChild('s')!]).toEqual(['Zoë Müller', null, 'plain']);
    expect([...table.getChild('d')!].map((v) => (v === null ? null : new Date(v as number).toISOString().slice(0, 10)))).toEqual([
      '2026-01-31',
      null,
      '1950-12-01',
    ]);
    expect([...table.getChild('ts')!].map((v) => (v === null ? null : new Date(Number(v)).toISOString()))).toEqual([
      '2026-03-02T10:00:00.000Z',
      null,
      '1999-12-31T23:59:59.500Z',
    ]);
    expect([...table.getChild('n')!]).toEqual([7n, null, -2n]);
    expect([...table.getChild('l')!]).toEqual(['[1,2]', null, '[]']);
    expect(table.getChild('i')!.nullCount).toBe(1);
  });

  it('keeps the schema of an empty result', async () => {
    const reader = await db.withConnection((c) => c.runAndReadAll(`SELECT 1::BIGINT AS a, 'x' AS b WHERE false`));
    const table = tableFromIPC(resultToArrowIPC(reader));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});

describe('sql registry and schema', () => {
  it('addresses files by path and lists a folder in order', () => {
    expect(sqlFile('marts/source_status')).toContain('FROM practice');
    expect(sqlFilesUnder('schema')[0]).toBe('schema/01_provenance');
    expect(() => sqlFile('nope/missing')).toThrow(/No SQL file/);
  });

  it('canonicalises code systems written as URI, OID or name', async () => {
    const rows = await db.query(
      `SELECT canonical_system('http://loinc.org') a, canonical_system('urn:oid:2.16.840.1.113883.6.96') b,
              canonical_system(' ICD10CM ') c, canonical_system('http://example.org/local') d`,
    );
    expect(rows).toEqual([{ a: 'LOINC', b: 'SNOMEDCT', c: 'ICD10CM', d: 'http://example.org/local' }]);
  });
});
