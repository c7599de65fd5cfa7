// The synthetic network generator: deterministic output, the three EHR flavors with their manifests and
// mappings, well-formed NDJSON apart from the defects it reports, and realistic prevalence and overlap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import type { SourceManifest } from '../../server/ingest/types.ts';
import { DEFAULT_SEED, generateNetwork, REPORT_FILE, TRUTH_FILE, type GenerationReport } from '../../tools/generate-network/generate.ts';
import { isValidNpi, MBI_PATTERN } from '../../tools/generate-network/identifiers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-gen-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function manifests(dir: string): SourceManifest[] {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'source.json')))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name, 'source.json'), 'utf8')) as SourceManifest)
    .filter((m) => m.format !== 'cclf'); // the CMS claim feed folder is the ACO's, not a practice's
}

describe('a small network', () => {
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  let report: GenerationReport;
  beforeAll(async () => {
    report = await generateNetwork({ out: a, persons: 240, seed: DEFAULT_SEED, year: 2026 });
    await generateNetwork({ out: b, persons: 240, seed: DEFAULT_SEED, year: 2026 });
  });

  it('is byte-identical for the same seed and options', () => {
    const files = filesUnder(a);
    expect(files).toEqual(filesUnder(b));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
  });

  it('has 12 practices in the three flavors, each with a valid manifest and its code map or CSV mapping', () => {
    const all = manifests(a);
    expect(all).toHaveLength(12);
    expect(new Set(report.practices.map((p) => p.flavor))).toEqual(new Set(['fhir', 'fhir-local-labs', 'csv']));
    expect(new Set(all.map((m) => m.ehr)).size).toBeGreaterThanOrEqual(5);
    for (const m of all) {
      const folder = path.join(a, m.practice_id);
      expect(m.name).toBeTruthy();
      expect(m.tin).toMatch(/^\d{9}$/);
      if (m.code_map) {
        const [header, ...rows] = fs.readFileSync(path.join(folder, m.code_map), 'utf8').trim().split('\n');
        expect(header).toBe('local_system,local_code,code_system,code,display');
        expect(rows.some((r) => r.includes(',LOINC,4548-4,'))).toBe(true);
      }
      if (m.format === 'fhir') {
        expect(fs.existsSync(path.join(folder, 'Patient.ndjson'))).toBe(true);
        expect(fs.existsSync(path.join(folder, 'ExplanationOfBenefit.ndjson'))).toBe(true);
        continue;
      }
      const mapping = JSON.parse(fs.readFileSync(path.join(folder, m.csv_mapping!), 'utf8'));
      expect(mapping.date_format).toBe('%m/%d/%Y');
      expect(mapping.columns.patients.patient_id).toBeTruthy();
      for (const table of ['patients', 'encounters', 'diagnoses', 'results', 'procedures', 'medications', 'coverage', 'claims', 'providers']) {
        const file = mapping.files[table] ?? `${table}.csv`;
        const header = fs.readFileSync(path.join(folder, file), 'utf8').split('\n')[0]!;
        expect(header.split(',').length, file).toBe(Object.keys(mapping.columns[table]).length);
      }
    }
    expect(all.filter((m) => m.format === 'csv').every((m) => m.csv_mapping)).toBe(true);
  });

  it('writes every NDJSON line as a resource with resourceType and id, except the reported defects', () => {
    const defects = new Set(report.defects.map((d) => `${d.practice_id}/${d.file}:${d.line}`));
    expect(report.defects.length).toBeGreaterThanOrEqual(12);
    let lines = 0;
    for (const file of filesUnder(a).filter((f) => f.endsWith('.ndjson'))) {
      fs.readFileSync(path.join(a, file), 'utf8')
        .split('\n')
        .slice(0, -1)
        .forEach((line, i) => {
          lines++;
          if (defects.has(`${file}:${i + 1}`)) return;
          const resource = JSON.parse(line);
          expect(resource.resourceType, `${file}:${i + 1}`).toMatch(/^[A-Z][A-Za-z]+$/);
          expect(resource.id, `${file}:${i + 1}`).toBeTruthy();
          if (resource.resourceType === 'Practitioner') expect(isValidNpi(resource.identifier[0].value)).toBe(true);
          const mbi = resource.identifier?.find((x: { system?: string }) => x.system === 'http://hl7.org/fhir/sid/us-mbi');
          if (mbi) expect(mbi.value).toMatch(MBI_PATTERN);
        });
    }
    expect(lines).toBeGreaterThan(3000);
  });

  it('lists the run in the report file and every record in the linkage truth', () => {
    const written = JSON.parse(fs.readFileSync(path.join(a, REPORT_FILE), 'utf8'));
    expect(written.persons).toBe(240);
    expect(written.records).toBe(240 + written.persons_at_two_practices);
    const [header, ...rows] = fs.readFileSync(path.join(a, TRUTH_FILE), 'utf8').trim().split('\n');
    expect(header).toBe('practice_id,patient_id,person,site,variants');
    expect(rows).toHaveLength(written.records);
    const second = rows.filter((r) => r.split(',')[3] === 'second');
    expect(second).toHaveLength(written.persons_at_two_practices);
    for (const r of second) expect(r.split(',')[4]).not.toBe('');
  });
});

describe('a 5,000-patient network', () => {
  const out = path.join(tmp, 'n5000');
  let report: GenerationReport;
  let db: Database;
  beforeAll(async () => {
    report = await generateNetwork({ out, persons: 5000, seed: DEFAULT_SEED, year: 2026 });
    db = await Database.open({ path: ':memory:', poolSize: 1 });
  }, 300_000);
  afterAll(() => db?.close());

  it('has diabetes and hypertension near US adult prevalence in the practices\' problem lists', async () => {
    // Diagnosed prevalence among US adults: diabetes ~11%, hypertension ~30% (CDC); the panel is older than average.
    const [row] = await db.query(
      `WITH patients AS (
           SELECT count(*) AS n FROM read_json($patients, format = 'newline_delimited', ignore_errors = true)
       ),
       conditions AS (
           SELECT DISTINCT filename, subject.reference AS patient, code.coding[1].code AS code
           FROM read_json($conditions, format = 'newline_delimited', ignore_errors = true, filename = true, union_by_name = true)
       )
       SELECT
           count(DISTINCT filename || patient) FILTER (WHERE code LIKE 'E10%' OR code LIKE 'E11%') / any_value(n) AS diabetes,
           count(DISTINCT filename || patient) FILTER (WHERE code = 'I10') / any_value(n) AS hypertension
       FROM conditions, patients`,
      { patients: path.join(out, '*/Patient.ndjson'), conditions: path.join(out, '*/Condition.ndjson') },
    );
    expect(row!.diabetes).toBeGreaterThan(0.08);
    expect(row!.diabetes).toBeLessThan(0.15);
    expect(row!.hypertension).toBeGreaterThan(0.24);
    expect(row!.hypertension).toBeLessThan(0.36);
  });

  it('sends payer claims as ExplanationOfBenefit items with allowed (eligible) and paid (benefit) amounts', async () => {
    const [row] = await db.query(
      `WITH items AS (
           SELECT
               unnest(item).adjudication AS adjudication
           FROM read_json($eobs, format = 'newline_delimited', ignore_errors = true, union_by_name = true)
       ),
       amounts AS (
           SELECT
               list_filter(adjudication, a -> a.category.coding[1].code = 'eligible')[1].amount.value AS allowed,
               list_filter(adjudication, a -> a.category.coding[1].code = 'benefit')[1].amount.value AS paid
           FROM items
       )
       SELECT
           count(*) AS items,
           count(*) FILTER (WHERE allowed > 0 AND paid >= 0 AND paid <= allowed) AS adjudicated
       FROM amounts`,
      { eobs: path.join(out, '*/ExplanationOfBenefit.ndjson') },
    );
    expect(Number(row!.items)).toBeGreaterThan(10_000);
    expect(row!.adjudicated).toBe(row!.items);
  });

  it('charts what the eCQMs read: tobacco status as survey, retinal exams as exam, STI tests for people with HIV', async () => {
    const [row] = await db.query(
      `WITH observations AS (
           SELECT
               regexp_replace(filename, '/[^/]*$', '') || subject.reference AS patient, -- practice folder + patient
               code.coding[1].code AS code,
               list_transform(category, c -> c.coding[1].code) AS categories
           FROM read_json($observations, format = 'newline_delimited', ignore_errors = true, filename = true, union_by_name = true)
       ),
       conditions AS (
           SELECT DISTINCT regexp_replace(filename, '/[^/]*$', '') || subject.reference AS patient, code.coding[1].code AS code
           FROM read_json($conditions, format = 'newline_delimited', ignore_errors = true, filename = true, union_by_name = true)
       ),
       diabetic AS (SELECT DISTINCT patient FROM conditions WHERE code LIKE 'E10%' OR code LIKE 'E11%'),
       hiv AS (SELECT DISTINCT patient FROM conditions WHERE code = 'B20')
       SELECT
           bool_and(categories = ['survey', 'social-history']) FILTER (WHERE code = '72166-2') AS tobacco_categories,
           bool_and(categories = ['exam']) FILTER (WHERE code IN ('722161008', '410455004')) AS exam_categories,
           count(DISTINCT patient) FILTER (WHERE code IN ('722161008', '410455004') AND patient IN (SELECT patient FROM diabetic))
               / (SELECT count(*) FROM diabetic) AS diabetics_with_eye_exam,
           count(DISTINCT patient) FILTER (WHERE code IN ('20507-0', '47236-5') AND patient IN (SELECT patient FROM hiv)) AS hiv_with_syphilis_test
       FROM observations`,
      { observations: path.join(out, '*/Observation.ndjson'), conditions: path.join(out, '*/Condition.ndjson') },
    );
    expect(row).toMatchObject({ tobacco_categories: true, exam_categories: true });
    // The year's exams plus last year's: CMS131 counts both for patients without retinopathy (~57%).
    expect(row!.diabetics_with_eye_exam).toBeGreaterThan(0.45);
    expect(row!.diabetics_with_eye_exam).toBeLessThan(0.7);
    expect(Number(row!.hiv_with_syphilis_test)).toBeGreaterThan(0);
  });

  it('sees 5-10% of persons at two practices, each with one more patient record', () => {
    const share = report.persons_at_two_practices / report.persons;
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.1);
    let records = 0;
    for (const m of manifests(out)) {
      const folder = path.join(out, m.practice_id);
      if (m.format === 'fhir') records += fs.readFileSync(path.join(folder, 'Patient.ndjson'), 'utf8').split('\n').length - 1;
      else {
        const mapping = JSON.parse(fs.readFileSync(path.join(folder, m.csv_mapping!), 'utf8'));
        records += fs.readFileSync(path.join(folder, mapping.files.patients ?? 'patients.csv'), 'utf8').split('\n').length - 2;
      }
    }
    expect(records).toBe(report.persons + report.persons_at_two_practices);
    expect(report.defects.length / report.lines).toBeLessThan(0.001);
  });
});
