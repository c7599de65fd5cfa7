import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { linkPatients } from '../../server/ingest/link-patients.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: Database;
beforeEach(async () => {
  db = await memoryDb(2);
});
afterEach(() => db.close());

/**
 * Inserts practice records. `rows` is SQL VALUES text, one tuple per record:
 * (practice_id, source_file_id, source_id, mbi, member_id, family_name, given_name, birth_date, sex, zip).
 */
async function records(rows: string, target: Database = db): Promise<void> {
  await target.exec(`
    INSERT INTO patient_record (patient_record_id, practice_id, source_file_id, source_id, mbi, member_id,
                                family_name, given_names, birth_date, sex, zip)
    SELECT practice_id || '/' || source_id, practice_id, source_file_id, source_id, mbi, member_id,
           family_name, [given_name], birth_date::DATE, sex, zip
    FROM (VALUES ${rows}) AS v(practice_id, source_file_id, source_id, mbi, member_id,
                                family_name, given_name, birth_date, sex, zip)`);
}

async function links(target: Database = db): Promise<Record<string, { patient_id: string; rule: string; score: number }>> {
  const rows = await target.query('SELECT patient_record_id, patient_id, rule, score FROM patient_link ORDER BY 1');
  return Object.fromEntries(
    rows.map((r) => [String(r.patient_record_id), { patient_id: String(r.patient_id), rule: String(r.rule), score: Number(r.score) }]),
  );
}

describe('linkPatients: true matches', () => {
  it('links records that share a Medicare MBI however it is written, even under another name', async () => {
    await records(`
      ('P01', 1, '100', '1EG4-TE5-MK73', NULL, 'Walker', 'Susan', '1950-04-02', 'female', '30301'),
      ('P02', 2, 'A7',  '1eg4 te5 mk73', NULL, 'Brown',  'Susan', '1950-04-02', 'female', '30305')`);
    const summary = await linkPatients(db);
    const l = await links();
    expect(l['P01/100']!.patient_id).toBe(l['P02/A7']!.patient_id);
    expect(l['P02/A7']).toMatchObject({ rule: 'MBI', score: 1 });
    expect(summary).toMatchObject({ records: 2, patients: 1, links: { MBI: 2 } });
  });

  it('links a payer member id only when the birth date agrees too', async () => {
    await records(`
      ('P01', 1, '1', NULL, 'XJH-0001', 'Reyes', 'Ana',   '1961-07-14', 'female', '10001'),
      ('P02', 2, '2', NULL, 'xjh0001',  'Reyes-Cruz', 'Ana Maria', '1961-07-14', 'female', '10002'),
      ('P03', 3, '3', NULL, 'XJH0001',  'Okafor', 'Chidi', '1975-01-30', 'male', '10003')`);
    await linkPatients(db);
    const l = await links();
    expect(l['P01/1']!.patient_id).toBe(l['P02/2']!.patient_id);
    expect(l['P02/2']).toMatchObject({ rule: 'MEMBER_ID', score: 0.98 });
    expect(l['P03/3']).toMatchObject({ rule: 'SINGLETON', score: 1 });
  });

  it('links exact demographics after removing accents, punctuation and generational suffixes', async () => {
    await records(`
      ('P01', 1, '1', NULL, NULL, 'Núñez Jr.', 'José', '1948-11-03', 'male', '78701-1234'),
      ('P02', 2, '2', NULL, NULL, 'NUNEZ',     'JOSE', '1948-11-03', 'M',    '78701')`);
    await linkPatients(db);
    const l = await links();
    expect(l['P01/1']!.patient_id).toBe(l['P02/2']!.patient_id);
    expect(l['P02/2']).toMatchObject({ rule: 'DEMOGRAPHIC_EXACT', score: 0.99 });
  });

  it.each([
    ['a one-letter typo in the family name', `'Smith', 'Robert', '1955-02-10', 'male', '60601'`, `'Smiht', 'Robert', '1955-02-10', 'male', '60601'`, 0.94],
    ['a nickname (Bill for William)', `'Turner', 'William', '1944-09-21', 'male', '02139'`, `'Turner', 'Bill', '1944-09-21', 'male', '02139'`, 0.95],
    ['a nickname (Peggy for Margaret)', `'Olsen', 'Margaret', '1939-12-01', 'female', '55401'`, `'Olsen', 'Peggy', '1939-12-01', 'female', '55401'`, 0.95],
    ['a moved ZIP with name, DOB and sex exact', `'Hughes', 'Linda', '1958-03-15', 'female', '85004'`, `'Hughes', 'Linda', '1958-03-15', 'female', '85251'`, 0.94],
    ['a hyphenated surname vs its first part', `'Garcia-Lopez', 'Maria', '1970-06-06', 'female', '33101'`, `'Garcia', 'Maria', '1970-06-06', 'female', '33101'`, 0.96],
    ['a typo in the family initial (found through the DOB + ZIP block)', `'Kowalski', 'Anna', '1966-05-05', 'female', '48201'`, `'Cowalski', 'Anna', '1966-05-05', 'female', '48201'`, 0.94],
  ])('links %s as DEMOGRAPHIC_FUZZY', async (_what, first, second, score) => {
    await records(`('P01', 1, '1', NULL, NULL, ${first}), ('P02', 2, '2', NULL, NULL, ${second})`);
    await linkPatients(db);
    const l = await links();
    expect(l['P01/1']!.patient_id).toBe(l['P02/2']!.patient_id);
    expect(l['P02/2']).toMatchObject({ rule: 'DEMOGRAPHIC_FUZZY', score });
  });
});

describe('linkPatients: near misses stay apart', () => {
  it.each([
    ['twins (same family, DOB, ZIP; different given names)', `'Patel', 'Rohan', '2001-08-19', 'male', '07030'`, `'Patel', 'Arjun', '2001-08-19', 'male', '07030'`],
    ['twin sisters whose names are close but not one edit apart', `'Meyer', 'Anna', '1990-01-01', 'female', '97201'`, `'Meyer', 'Emma', '1990-01-01', 'female', '97201'`],
    ['the same name with a different birth date', `'Johnson', 'Mary', '1952-03-04', 'female', '75201'`, `'Johnson', 'Mary', '1952-04-03', 'female', '75201'`],
    ['the same name and DOB with a different sex', `'Lee', 'Jordan', '1985-10-10', 'male', '94103'`, `'Lee', 'Jordan', '1985-10-10', 'female', '94103'`],
    ['two differences at once (nickname and moved ZIP)', `'Turner', 'William', '1944-09-21', 'male', '02139'`, `'Turner', 'Bill', '1944-09-21', 'male', '10001'`],
  ])('does not merge %s', async (_what, first, second) => {
    await records(`('P01', 1, '1', NULL, NULL, ${first}), ('P02', 2, '2', NULL, NULL, ${second})`);
    const summary = await linkPatients(db);
    const l = await links();
    expect(l['P01/1']!.patient_id).not.toBe(l['P02/2']!.patient_id);
    expect(summary).toMatchObject({ patients: 2, links: { SINGLETON: 2 } });
  });

  it('does not merge matching demographics that carry two different MBIs', async () => {
    await records(`
      ('P01', 1, '1', '1AA0AA0AA00', NULL, 'Nguyen', 'Minh', '1947-02-02', 'male', '77001'),
      ('P02', 2, '2', '2BB0BB0BB00', NULL, 'Nguyen', 'Minh', '1947-02-02', 'male', '77001')`);
    expect(await linkPatients(db)).toMatchObject({ patients: 2 });
  });
});

describe('linkPatients: closure, golden record, determinism', () => {
  it('links an empty record table to no patients', async () => {
    expect(await linkPatients(db)).toMatchObject({ records: 0, patients: 0, links: {} });
  });


  const chain = `
    ('P01', 1, 'a', '5KX2-AB3-CD41', NULL, 'Baker', 'Elizabeth', '1949-07-07', 'female', '19103'),
    ('P02', 2, 'b', '5KX2AB3CD41',   NULL, 'Clark', 'Elizabeth', '1949-07-07', 'female', '19104'),
    ('P03', 3, 'c', NULL,            NULL, 'Clark', 'Liz',       '1949-07-07', 'female', '19104'),
    ('P03', 3, 'd', NULL,            NULL, 'Clark', 'Edward',    '1949-07-07', 'male',   '19104')`;

  it('puts a chain across three practices into one patient (MBI link + nickname link)', async () => {
    await records(chain);
    const summary = await linkPatients(db);
    const l = await links();
    expect(new Set([l['P01/a']!.patient_id, l['P02/b']!.patient_id, l['P03/c']!.patient_id]).size).toBe(1);
    expect(l['P03/d']!.patient_id).not.toBe(l['P01/a']!.patient_id);
    expect(l['P03/c']).toMatchObject({ rule: 'DEMOGRAPHIC_FUZZY', score: 0.95 });
    expect(summary).toMatchObject({ records: 4, patients: 2 });
  });

  it('takes demographics from the most recently loaded record and the MBI from any member', async () => {
    await records(chain);
    await linkPatients(db);
    const [golden] = await db.query(`
      SELECT p.family_name, p.given_name, p.zip, p.mbi
      FROM patient p JOIN patient_link l USING (patient_id) WHERE l.patient_record_id = 'P01/a'`);
    expect(golden).toEqual({ family_name: 'Clark', given_name: 'Liz', zip: '19104', mbi: '5KX2AB3CD41' });
  });

  it('gives the same patient ids on a second run and whatever the insertion order', async () => {
    await records(chain);
    await linkPatients(db);
    const first = await links();
    await linkPatients(db);
    expect(await links()).toEqual(first);

    const reversed = await memoryDb(2);
    try {
      const rows = chain.trim().split('\n').reverse().map((r) => r.trim().replace(/,$/, '')).join(',\n');
      await records(rows, reversed);
      await linkPatients(reversed);
      expect(await links(reversed)).toEqual(first);
    } finally {
      reversed.close();
    }
  });
});
