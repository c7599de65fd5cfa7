// Observation.value[x] -> observation.has_value at ingest: the measures' `Observation.value is not null`.
// The CQL-to-ELM translator compiles it to IsNull(FHIRHelpers.ToValue(value)), and FHIRHelpers 4.4.000
// ToValue is non-null for
//   Quantity         only with a value: ToQuantity is "when quantity.value is null then null" (a unit alone
//                    is no value);
//   CodeableConcept  whenever sent: ToConcept is null only for a null concept, so a text-only concept, and
//                    even {}, is a System.Concept;
//   Range, Period    ToInterval builds an Interval whatever its bounds; Ratio: ToRatio builds a Ratio;
//   SampledData      passed through as the FHIR element;
//   primitives       (string, boolean, integer, time, dateTime) their value.
// One Observation per case, sent as NDJSON and again in a Bundle (both go through
// sql/normalize/fhir/observation.sql); CSV results; and a database made before the column.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { applySchema } from '../../server/db/schema.ts';
import { ingestFolder } from '../../server/ingest/orchestrator.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { writePracticeFolder } from '../helpers/practice-folder.ts';

const UCUM = 'http://unitsofmeasure.org';
const ucum = (value: number | undefined, code: string) => ({ ...(value === undefined ? {} : { value }), unit: code, system: UCUM, code });

// [id, the Observation's value element (or none), expected has_value]
const CASES: [string, Record<string, unknown>, boolean][] = [
  ['quantity', { valueQuantity: ucum(7.2, '%') }, true],
  ['quantity-zero', { valueQuantity: ucum(0, '%') }, true],
  ['quantity-unit-only', { valueQuantity: ucum(undefined, 'mg/dL') }, false],
  ['codeable-concept', { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009', display: 'Negative' }] } }, true],
  ['codeable-concept-text-only', { valueCodeableConcept: { text: 'Negative for intraepithelial lesion or malignancy' } }, true],
  ['codeable-concept-empty', { valueCodeableConcept: {} }, true],
  ['string', { valueString: 'negative' }, true],
  ['boolean-false', { valueBoolean: false }, true],
  ['integer-zero', { valueInteger: 0 }, true],
  ['range', { valueRange: { low: ucum(4, 'mmol/L'), high: ucum(6, 'mmol/L') } }, true],
  ['range-low-only', { valueRange: { low: ucum(10, 'ng/mL') } }, true],
  ['ratio', { valueRatio: { numerator: ucum(1, '1'), denominator: ucum(128, '1') } }, true],
  ['period', { valuePeriod: { start: '2024-01-01T08:00:00Z', end: '2024-01-02T08:00:00Z' } }, true],
  ['date-time', { valueDateTime: '2024-01-01T08:00:00Z' }, true],
  ['time', { valueTime: '08:30:00' }, true],
  ['sampled-data', { valueSampledData: { origin: ucum(0, 'mV'), period: 10, dimensions: 1, data: '1 2 3' } }, true],
  ['data-absent', { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }] } }, false],
  ['no-value', {}, false],
  // A blood pressure panel has no value of its own: its readings are components (kept as before).
  ['blood-pressure-panel', {
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: ucum(128, 'mm[Hg]') },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: ucum(82, 'mm[Hg]') },
    ],
  }, false],
];

const PATIENT = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1980-02-03' };
const observationOf = (id: string, extra: Record<string, unknown>) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '10524-7' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2024-01-01T08:00:00Z',
  ...extra,
});
const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('Observation.value[x] -> has_value (CQL `value is not null`)', () => {
  let root: string;
  let db: Database;
  const hasValue = async (practice: string) =>
    new Map((await db.query(`SELECT source_id, has_value FROM observation WHERE practice_id = $p`, { p: practice })).map((r) => [String(r.source_id), r.has_value]));

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-observation-value-'));
    const observations = CASES.map(([id, extra]) => observationOf(id, extra));
    const ndjsonFolder = await writePracticeFolder(path.join(root, 'OV'), { practice_id: 'OV', name: 'OV', format: 'fhir' }, {
      'Patient.ndjson': ndjson(PATIENT),
      'Observation.ndjson': ndjson(...observations),
    });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [PATIENT, ...observations].map((resource) => ({ resource })) };
    const bundleFolder = await writePracticeFolder(path.join(root, 'OB'), { practice_id: 'OB', name: 'OB', format: 'fhir' }, {
      'bundle.json': JSON.stringify(bundle, null, 2),
    });
    const csvFolder = await writePracticeFolder(path.join(root, 'OC'), { practice_id: 'OC', name: 'OC', format: 'csv' }, {
      'patients.csv': 'patient_id,family_name,given_name,birth_date,sex\n1,Doe,Jane,1980-02-03,F\n',
      'results.csv': [
        'result_id,patient_id,code_system,code,date,value,value_text,unit,value_code_system,value_code,systolic,diastolic',
        'number,1,LOINC,4548-4,2024-01-01,7.2,,%,,,,',
        'code,1,LOINC,10524-7,2024-01-01,,,,SNOMEDCT,260385009,,',
        'text,1,LOINC,10524-7,2024-01-01,,NILM,,,,,',
        'unit-only,1,LOINC,2345-7,2024-01-01,,,mg/dL,,,,',
        'nothing,1,LOINC,2345-7,2024-01-01,,,,,,,',
        'blood-pressure,1,,,2024-01-01,,,,,,128,82',
      ].join('\n') + '\n',
    });
    db = await memoryDb();
    for (const folder of [ndjsonFolder, bundleFolder, csvFolder]) await ingestFolder(db, folder);
  });
  afterAll(async () => {
    db?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it.each(CASES.map(([id, , expected]) => [id, expected]))('NDJSON %s -> %s', async (id, expected) => {
    expect((await hasValue('OV')).get(id)).toBe(expected);
  });

  it('gives a Bundle the same has_value for every case', async () => {
    expect(Object.fromEntries(await hasValue('OB'))).toEqual(Object.fromEntries(CASES.map(([id, , expected]) => [id, expected])));
  });

  it('keeps the other value columns as they were: no value_num for a unit alone, the panel components', async () => {
    const rows = await db.query(
      `SELECT source_id, value_num, value_unit, value_codings, value_string, systolic, diastolic, components
       FROM observation WHERE practice_id = 'OV' AND source_id IN ('quantity-unit-only', 'codeable-concept-text-only', 'blood-pressure-panel')
       ORDER BY source_id`,
    );
    expect(rows).toEqual([
      {
        source_id: 'blood-pressure-panel', value_num: null, value_unit: null, value_codings: null, value_string: null, systolic: 128, diastolic: 82,
        components: [
          { codings: [{ system: 'LOINC', code: '8480-6', display: null }], value_num: 128, value_unit: 'mm[Hg]' },
          { codings: [{ system: 'LOINC', code: '8462-4', display: null }], value_num: 82, value_unit: 'mm[Hg]' },
        ],
      },
      // The concept's text is no coding and no valueString: only has_value records it.
      { source_id: 'codeable-concept-text-only', value_num: null, value_unit: null, value_codings: null, value_string: null, systolic: null, diastolic: null, components: null },
      { source_id: 'quantity-unit-only', value_num: null, value_unit: 'mg/dL', value_codings: null, value_string: null, systolic: null, diastolic: null, components: null },
    ]);
  });

  it('CSV results: a number, a code or a text is a value; a unit alone or a blood pressure reading is not', async () => {
    expect(Object.fromEntries(await hasValue('OC'))).toEqual({
      number: true,
      code: true,
      text: true,
      'unit-only': false,
      nothing: false,
      'blood-pressure': false,
    });
  });
});

describe('a database made before has_value', () => {
  it('opens: the schema adds has_value and gives old rows what their value columns show', async () => {
    const db = await Database.open({ path: ':memory:', poolSize: 1 });
    try {
      // observation as the schema made it before (the columns the backfill reads).
      await db.exec(`CREATE TABLE observation (
        observation_id VARCHAR NOT NULL, practice_id VARCHAR NOT NULL, source_file_id INTEGER NOT NULL,
        source_id VARCHAR NOT NULL, patient_record_id VARCHAR NOT NULL, encounter_id VARCHAR, status VARCHAR,
        category_codes VARCHAR[], codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
        effective_start TIMESTAMP, effective_end TIMESTAMP, issued TIMESTAMP, value_num DOUBLE, value_unit VARCHAR,
        value_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[], value_boolean BOOLEAN,
        value_string VARCHAR, systolic DOUBLE, diastolic DOUBLE,
        components STRUCT(codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[], value_num DOUBLE, value_unit VARCHAR)[],
        data_absent_reason VARCHAR, not_done BOOLEAN NOT NULL DEFAULT false,
        not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[])`);
      await db.exec(`INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id,
                                              value_num, value_codings, value_boolean, value_string)
                     VALUES ('o/num', 'o', 1, 'num', 'o/p1', 7.2, NULL, NULL, NULL),
                            ('o/code', 'o', 1, 'code', 'o/p1', NULL, [{'system': 'SNOMEDCT', 'code': '260385009', 'display': NULL}], NULL, NULL),
                            ('o/no-codes', 'o', 1, 'no-codes', 'o/p1', NULL, [], NULL, NULL),
                            ('o/bool', 'o', 1, 'bool', 'o/p1', NULL, NULL, false, NULL),
                            ('o/text', 'o', 1, 'text', 'o/p1', NULL, NULL, NULL, 'negative'),
                            ('o/none', 'o', 1, 'none', 'o/p1', NULL, NULL, NULL, NULL)`);
      await applySchema(db);
      await applySchema(db); // every start applies the schema: the second time changes nothing
      expect(await db.query('SELECT source_id, has_value FROM observation ORDER BY 1')).toEqual([
        { source_id: 'bool', has_value: true },
        { source_id: 'code', has_value: true },
        { source_id: 'no-codes', has_value: false },
        { source_id: 'none', has_value: false },
        { source_id: 'num', has_value: true },
        { source_id: 'text', has_value: true },
      ]);
    } finally {
      db.close();
    }
  });
});
