// Scale check: 200k practice records (160k people, 40k of them sent by a second practice with one
// difference each) link in one run. The time is printed, not asserted (2-core machine, shared load).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { linkPatients } from '../../server/ingest/link-patients.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const PEOPLE = 160_000;
const DUPLICATES = 40_000;

let db: Database;
beforeAll(async () => {
  db = await memoryDb(2);
  // source_id = the person's number, so linking quality can be checked against the truth.
  // The second record of a person differs by one thing, rotating: a family-name typo (2nd letter), a nickname
  // (given names are chosen so that some have one), a moved ZIP, an MBI shared under a new family name, nothing.
  await db.exec(`
    INSERT INTO patient_record (patient_record_id, practice_id, source_file_id, source_id, mbi,
                                family_name, given_names, birth_date, sex, zip)
    WITH person AS (
        SELECT
            i,
            ['SMITH','JOHNSON','WILLIAMS','BROWN','JONES','GARCIA','MILLER','DAVIS','RODRIGUEZ','MARTINEZ',
             'HERNANDEZ','LOPEZ','GONZALEZ','WILSON','ANDERSON','THOMAS','TAYLOR','MOORE','JACKSON','MARTIN',
             'LEE','PEREZ','THOMPSON','WHITE','HARRIS','SANCHEZ','CLARK','RAMIREZ','LEWIS','ROBINSON',
             'WALKER','YOUNG','ALLEN','KING','WRIGHT','SCOTT','TORRES','NGUYEN','HILL','FLORES',
             'GREEN','ADAMS','NELSON','BAKER','HALL','RIVERA','CAMPBELL','MITCHELL','CARTER','ROBERTS']
                [1 + (hash(i || 'family') % 50)::INTEGER] AS family_name,
            hash(i || 'sex') % 2 = 0 AS is_male,
            ['WILLIAM','ROBERT','JAMES','JOHN','MICHAEL','DAVID','RICHARD','JOSEPH','THOMAS','CHARLES',
             'DANIEL','MATTHEW','ANTHONY','DONALD','STEVEN','PAUL','ANDREW','KENNETH','GEORGE','EDWARD']
                [1 + (hash(i || 'given') % 20)::INTEGER] AS male_name,
            ['MARY','PATRICIA','JENNIFER','LINDA','ELIZABETH','BARBARA','SUSAN','JESSICA','SARAH','KAREN',
             'MARGARET','NANCY','BETTY','DOROTHY','SANDRA','DEBORAH','REBECCA','KATHERINE','CYNTHIA','AMY']
                [1 + (hash(i || 'given') % 20)::INTEGER] AS female_name,
            DATE '1930-01-01' + (hash(i || 'dob') % 27000)::INTEGER AS birth_date,
            (10000 + hash(i || 'zip') % 89000)::VARCHAR AS zip,
            CASE WHEN hash(i || 'mbi') % 2 = 0 OR (i < ${DUPLICATES} AND i % 5 = 3) THEN 'MBI' || lpad(i::VARCHAR, 8, '0') END AS mbi
        FROM range(${PEOPLE}) AS t(i)
    ),
    record AS (
        SELECT i, 0 AS copy, family_name, CASE WHEN is_male THEN male_name ELSE female_name END AS given_name,
               birth_date, is_male, zip, mbi
        FROM person
        UNION ALL
        SELECT
            i,
            1 AS copy,
            CASE i % 5
                WHEN 0 THEN family_name[1] || 'X' || family_name[3:]
                WHEN 3 THEN 'NEWNAME'
                ELSE family_name
            END,
            CASE WHEN i % 5 = 1
                 THEN coalesce((SELECT min(n.nickname) FROM given_name_nickname n
                                WHERE n.canonical = CASE WHEN is_male THEN male_name ELSE female_name END),
                               CASE WHEN is_male THEN male_name ELSE female_name END)
                 ELSE CASE WHEN is_male THEN male_name ELSE female_name END
            END,
            birth_date,
            is_male,
            CASE WHEN i % 5 = 2 THEN (10000 + (hash(i || 'moved') % 89000))::VARCHAR ELSE zip END,
            mbi
        FROM person
        WHERE i < ${DUPLICATES}
    )
    SELECT
        'P' || ((i + copy) % 7) || '/' || i || '-' || copy,
        'P' || ((i + copy) % 7),
        1 + copy,
        i::VARCHAR,
        mbi,
        family_name,
        [given_name],
        birth_date,
        CASE WHEN is_male THEN 'male' ELSE 'female' END,
        zip
    FROM record`);
});
afterAll(() => db.close());

it('links 200k records from 7 practices and finds every planted duplicate', async () => {
  const summary = await linkPatients(db);
  const [quality] = await db.query(`
    WITH person AS (
        SELECT r.source_id, count(DISTINCT l.patient_id) AS patients
        FROM patient_record r JOIN patient_link l USING (patient_record_id)
        GROUP BY r.source_id
    ),
    patient AS (
        SELECT l.patient_id, count(DISTINCT r.source_id) AS people
        FROM patient_record r JOIN patient_link l USING (patient_record_id)
        GROUP BY l.patient_id
    )
    SELECT
        (SELECT count(*) FILTER (WHERE patients > 1) FROM person) AS people_split,
        (SELECT count(*) FILTER (WHERE people > 1) FROM patient) AS patients_merging_people,
        (SELECT sum(people - 1) FROM patient) AS people_merged_away`);
  console.log(
    `link-scale: ${summary.records} records -> ${summary.patients} patients in ${summary.ms} ms ` +
      `(${summary.rounds} rounds; ${JSON.stringify(summary.links)}); split people ${quality!.people_split}, ` +
      `patients merging different people ${quality!.patients_merging_people}`,
  );
  expect(summary.records).toBe(PEOPLE + DUPLICATES);
  expect(quality!.people_split).toBe(0);
  // Different synthetic people can share family, given name, DOB and sex (then a moved-ZIP match merges them):
  // about n^2 / (2 x 50 families x 20 given names x 27,000 days) per sex, ~240 here. Expected and rare.
  expect(Number(quality!.patients_merging_people)).toBeLessThan(PEOPLE * 0.005);
  expect(summary.patients).toBe(PEOPLE - Number(quality!.people_merged_away));
}, 300_000);
