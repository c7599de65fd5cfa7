// Exports API: every format of the fixture run, parsed back and compared with the dashboard's own API
// (GET /api/overview for the network and practices, GET /api/measures/:id providers rows for a provider:
// both read the same cube), QRDA III validated against the CDA schema and the CMS 2026 schematron,
// suppression of small cells, patient-level FHIR scoped and audited.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { ecqmIdentifiers, type EcqmIdentifiers } from '../../server/exports/ecqm-identifiers.ts';
import { cmsProgram } from '../../server/exports/selection.ts';
import { XLSX_COLUMNS } from '../../server/exports/xlsx.ts';
import { MEASURES } from '../../server/measures/registry.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { FIXTURE_MEASURES, FIXTURE_RUN, seedExportFixture } from './fixture.ts';
import { parseQrda3 } from './qrda-parse.ts';
import { validateQrda3 } from './qrda-validator.ts';

interface OverviewMeasure {
  measure_id: string;
  cms_id: string;
  mips_id: string | null;
  title: string;
  initial_population: number;
  denominator: number;
  denominator_exclusion: number;
  denominator_exception: number;
  numerator: number;
  performance_denominator: number;
  performance_rate: number | null;
  open_gaps: number;
}

const CMS = { apm_entity: 'A1234', cehrt_id: '0015CABCDEFGHIJ' };
const APP_PLUS = ['001', '112', '113', '134', '236'];
const binary = (res: import('superagent').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

let db: Database;
let network: SignedInAgent;
let exporter: SignedInAgent;
let practiceUser: SignedInAgent;
const overview = new Map<string, OverviewMeasure[]>();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-exports-'));

const dashboard = (scope: string) => overview.get(scope)!;
const byCms = (scope: string, cmsId: string) => dashboard(scope).find((m) => m.cms_id === cmsId)!;
/** CMS's 2026 identifiers of a registry measure (the QRDA III measure reference). */
const identifiersOf = (cmsId: string) => ecqmIdentifiers(2026, MEASURES.find((m) => m.cmsId === cmsId)!) as EcqmIdentifiers;
const PROVIDERS = { 'P01/dr1': '1234567893', 'P02/dr2': '1982671962' } as const;

beforeAll(async () => {
  db = await memoryDb();
  await seedExportFixture(db);
  const app = createApp({ db, logger: pino({ level: 'silent' }) });
  network = await signedInAgent(app, db, 'network');
  exporter = await signedInAgent(app, db, 'exporter');
  practiceUser = await signedInAgent(app, db, 'practice', ['P02']);
  for (const [scope, query] of [['network', {}], ['P01', { practice: 'P01' }], ['P02', { practice: 'P02' }]] as const) {
    const res = await network.get('/api/overview').query({ run: FIXTURE_RUN, ...query });
    expect(res.status).toBe(200);
    overview.set(scope, res.body.measures);
  }
  // A provider's dashboard numbers: its row of each measure's comparison across providers.
  for (const providerId of Object.keys(PROVIDERS)) overview.set(providerId, []);
  for (const measureId of FIXTURE_MEASURES) {
    const res = await network.get(`/api/measures/${measureId}`).query({ run: FIXTURE_RUN, level: 'provider' });
    expect(res.status).toBe(200);
    for (const [providerId, rows] of overview) {
      const row = res.body.providers.find((p: { entity_id: string }) => p.entity_id === providerId);
      if (row && providerId in PROVIDERS) rows.push({ ...row, measure_id: measureId, cms_id: res.body.measure.cms_id, mips_id: res.body.measure.mips_id, title: res.body.measure.title });
    }
  }
  expect(dashboard('P01/dr1')).toHaveLength(FIXTURE_MEASURES.length);
});

afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('QPP Submissions API JSON', () => {
  it('reports the APP Plus measures of the network with the dashboard counts', async () => {
    const res = await exporter.get('/api/exports/qpp').query(CMS);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?caliper-network-2026-run7\.qpp\.json"?$/);
    const submission = JSON.parse(res.text);
    expect(submission).toMatchObject({ entityType: 'apm', entityId: 'A1234', performanceYear: 2026 });
    const [set] = submission.measurementSets;
    expect(set).toMatchObject({ category: 'quality', submissionMethod: 'electronicHealthRecord', performanceStart: '2026-01-01', performanceEnd: '2026-12-31' });
    expect(set.measurements.map((m: { measureId: string }) => m.measureId).sort()).toEqual(APP_PLUS);
    for (const { measureId, value } of set.measurements) {
      const d = dashboard('network').find((m) => m.mips_id === measureId)!;
      expect(value).toEqual({
        isEndToEndReported: true,
        performanceMet: d.numerator,
        performanceNotMet: d.performance_denominator - d.numerator,
        eligiblePopulation: d.denominator,
        eligiblePopulationExclusion: d.denominator_exclusion,
        eligiblePopulationException: d.denominator_exception,
      });
    }
  });

  it('submits a provider as an individual with TIN, NPI and the provider dashboard counts, and refuses suppression', async () => {
    const res = await network.get('/api/exports/qpp').query({ provider: '1982671962' });
    expect(res.status).toBe(200);
    const submission = JSON.parse(res.text);
    expect(submission).toMatchObject({ entityType: 'individual', taxpayerIdentificationNumber: '987654321', nationalProviderIdentifier: '1982671962' });
    expect(submission.measurementSets[0].programName).toBe('appPlus');
    expect(submission.measurementSets[0].measurements).toHaveLength(APP_PLUS.length);
    for (const { measureId, value } of submission.measurementSets[0].measurements) {
      const d = dashboard('P02/dr2').find((m) => m.mips_id === measureId)!;
      expect(value).toMatchObject({ performanceMet: d.numerator, performanceNotMet: d.performance_denominator - d.numerator, eligiblePopulation: d.denominator, eligiblePopulationExclusion: d.denominator_exclusion, eligiblePopulationException: d.denominator_exception });
    }
    const refused = await network.get('/api/exports/qpp').query({ ...CMS, suppress: 'true' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('InvalidInput');
  });
});

describe('QRDA Category III', () => {
  it('proves the validator on the reference samples: passing files pass their year, the bad one fails', () => {
    const sample = (f: string) => path.join(import.meta.dirname, '..', '..', '..', 'shared', 'refdata', 'qrda', 'samples', f);
    expect(validateQrda3(sample('cms_test_qrda_cat3_cv.xml'), 2024)).toEqual({ schemaErrors: [], failedAsserts: [] });
    expect(validateQrda3(sample('cms_test_qrda_cat3_cv_PY2025.xml'), 2025)).toEqual({ schemaErrors: [], failedAsserts: [] });
    expect(validateQrda3(sample('ep_test_qrda_cat3_bad_schematron.xml'), 2024).failedAsserts.length).toBeGreaterThan(0);
    // A 2025 file is not a 2026 one: the 2026 rules reject its template versions.
    expect(validateQrda3(sample('cms_test_qrda_cat3_cv_PY2025.xml'), 2026).failedAsserts).toContain('a-CMS_1-error');
  });

  const reports = [
    ['network', CMS, { program: 'APP_PLUS_APMENTITY', npi: null, tin: null }],
    ['P01', { practice: 'P01', cehrt_id: CMS.cehrt_id, measures: 'all' }, { program: 'APP_PLUS_GROUP', npi: null, tin: '123456789' }],
    ['P02', { practice: '987654321', cehrt_id: CMS.cehrt_id, measures: 'all' }, { program: 'APP_PLUS_GROUP', npi: null, tin: '987654321' }],
    // An individual clinician: the NPI and the TIN of the provider's practice (CMS IG CONF:5562-18178_C01, CMS_112).
    ['P01/dr1', { provider: PROVIDERS['P01/dr1'], cehrt_id: CMS.cehrt_id }, { program: 'APP_PLUS_INDIV', npi: PROVIDERS['P01/dr1'], tin: '123456789' }],
  ] as const;
  for (const [scope, query, performer] of reports) {
    it(`${scope}: valid against the CDA schema and the CMS 2026 schematron, with the dashboard counts`, async () => {
      const res = await exporter.get('/api/exports/qrda3').query(query);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      const file = path.join(tmp, `${scope.replace('/', '-')}.xml`);
      fs.writeFileSync(file, res.text);
      expect(validateQrda3(file, 2026)).toEqual({ schemaErrors: [], failedAsserts: [] });

      const report = parseQrda3(res.text);
      expect({ program: report.program, npi: report.npi, tin: report.tin }).toEqual(performer);
      const { measures } = report;
      const expected = dashboard(scope).filter((m) => scope === 'P01' || scope === 'P02' || APP_PLUS.includes(m.mips_id ?? ''));
      expect([...measures.keys()].sort()).toEqual(expected.map((m) => identifiersOf(m.cms_id).uuid).sort());
      for (const d of expected) {
        const populations = measures.get(identifiersOf(d.cms_id).uuid)!;
        expect(populations.get('IPOP')!.count).toBe(d.initial_population);
        expect(populations.get('DENOM')!.count).toBe(d.denominator);
        expect(populations.get('DENEX')!.count).toBe(d.denominator_exclusion);
        expect(populations.get('NUMER')!.count).toBe(d.numerator);
        expect(populations.get('DENEXCEP')?.count ?? 0).toBe(d.denominator_exception);
        // Every patient has a CMS payer grouping (D = other or unknown): payer counts add up to the population.
        for (const p of populations.values()) if (p.count > 0) expect(p.supplemental['48768-6']).toBe(p.count);
        // Each population references CMS's population criteria UUID of the measure version.
        expect(populations.get('DENOM')!.criteria).toBe(identifiersOf(d.cms_id).groups[0]!.denominator);
      }
    });
  }

  it('references each measure by CMS\'s 2026 version-specific identifier and population UUIDs', async () => {
    // CMSgov/qpp-measures-data util/measures/2026/generated-ecqm-data.json, CMS122v14
    const res = await exporter.get('/api/exports/qrda3').query({ provider: PROVIDERS['P02/dr2'], cehrt_id: CMS.cehrt_id, measures: 'cms122' });
    const cms122 = parseQrda3(res.text).measures.get('9700a8b9-9f65-41a8-8464-1da26cda857b')!;
    expect(cms122.get('NUMER')!.criteria).toBe('10C65EBE-685C-48F8-8B24-351C6F3481E9');
    expect(cms122.get('IPOP')!.criteria).toBe('51D8CA9A-E511-4793-8AD4-EFAE90F3ABA4');
    // The program follows the measure set: APP Plus for its measures, traditional MIPS (MIPS_INDIV, ...) otherwise.
    const registry = (id: string) => MEASURES.find((m) => m.id === id)!;
    expect([cmsProgram({ measures: [registry('cms122'), registry('cms165')] }), cmsProgram({ measures: [registry('cms122'), registry('cms69')] })]).toEqual(['appPlus', 'mips']);
    // A measure version CMS does not list for the year is refused, naming the year's version.
    const stale = ecqmIdentifiers(2026, { ...MEASURES.find((m) => m.id === 'cms131')!, cmsId: 'CMS131v13' });
    expect(stale).toEqual({ missing: 'CMS131v13 is not a 2026 eCQM version (2026: CMS131v14)' });
  });

  it('keeps a provider report to all payers, where its supplemental data are kept', async () => {
    const res = await exporter.get('/api/exports/qrda3').query({ provider: PROVIDERS['P01/dr1'], cehrt_id: CMS.cehrt_id, payer: '1' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/all payers/);
  });

  it('asks for what CMS needs: the CEHRT id, and the APM Entity ID for a network report', async () => {
    const noCehrt = await network.get('/api/exports/qrda3').query({ apm_entity: 'A1234' });
    expect(noCehrt.status).toBe(400);
    expect(noCehrt.body.error.message).toMatch(/cehrt_id/);
    const noApm = await network.get('/api/exports/qrda3').query({ cehrt_id: CMS.cehrt_id });
    expect(noApm.body.error.message).toMatch(/apm_entity/);
  });
});

describe('FHIR MeasureReport', () => {
  it('summary reports carry the dashboard counts of a practice when suppression is off', async () => {
    const res = await exporter.get('/api/exports/fhir').query({ practice: 'P01', suppress: 'false' });
    expect(res.status).toBe(200);
    const bundle = JSON.parse(res.text);
    expect(bundle.resourceType).toBe('Bundle');
    for (const { resource } of bundle.entry) {
      expect(resource).toMatchObject({ resourceType: 'MeasureReport', type: 'summary', status: 'complete', period: { start: '2026-01-01', end: '2026-12-31' } });
      const d = dashboard('P01').find((m) => resource.measure.startsWith(`https://madie.cms.gov/Measure/${m.cms_id.replace(/v\d+$/, '')}FHIR`))!;
      const count = (c: string) => resource.group[0].population.find((p: { code: { coding: { code: string }[] } }) => p.code.coding[0]!.code === c)?.count;
      expect(count('initial-population')).toBe(d.initial_population);
      expect(count('denominator')).toBe(d.denominator);
      expect(count('denominator-exclusion')).toBe(d.denominator_exclusion);
      expect(count('numerator')).toBe(d.numerator);
      expect(resource.group[0].measureScore.value).toBeCloseTo(d.performance_rate! / 100, 4);
    }
  });

  it('summary reports of a provider carry its dashboard counts, its NPI as reporter', async () => {
    const res = await exporter.get('/api/exports/fhir').query({ provider: 'P01/dr1', suppress: 'false' });
    expect(res.status).toBe(200);
    const bundle = JSON.parse(res.text);
    expect(bundle.entry).toHaveLength(FIXTURE_MEASURES.length);
    for (const { resource } of bundle.entry) {
      expect(resource.reporter.identifier).toEqual({ system: 'http://hl7.org/fhir/sid/us-npi', value: PROVIDERS['P01/dr1'] });
      const d = dashboard('P01/dr1').find((m) => resource.measure.startsWith(`https://madie.cms.gov/Measure/${m.cms_id.replace(/v\d+$/, '')}FHIR`))!;
      const count = (c: string) => resource.group[0].population.find((p: { code: { coding: { code: string }[] } }) => p.code.coding[0]!.code === c)?.count;
      expect([count('denominator'), count('numerator'), count('denominator-exclusion')]).toEqual([d.denominator, d.numerator, d.denominator_exclusion]);
    }
  });

  it('payer exports suppress counts from 1 to 10 by default, and the rates that would reveal them', async () => {
    const res = await exporter.get('/api/exports/fhir').query({ practice: 'P02' });
    const bundle = JSON.parse(res.text);
    let withheld = 0;
    for (const { resource } of bundle.entry) {
      const d = dashboard('P02').find((m) => resource.measure.includes(`/${m.cms_id.replace(/v\d+$/, '')}FHIR`))!;
      for (const p of resource.group[0].population) {
        const actual = { 'initial-population': d.initial_population, denominator: d.denominator, 'denominator-exclusion': d.denominator_exclusion, 'denominator-exception': d.denominator_exception, numerator: d.numerator }[p.code.coding[0].code as string]!;
        if (actual >= 1 && actual <= 10) {
          expect(p.count).toBeUndefined();
          withheld++;
        } else expect(p.count).toBe(actual);
      }
      expect(resource.group[0].measureScore).toBeUndefined();
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('subject lists name the patients behind each population, within the viewer scope, and are audited', async () => {
    const all = JSON.parse((await network.get('/api/exports/fhir/subject-list').query({ measures: 'cms122' })).text);
    const report = all.entry[0].resource;
    const list = (code: string) => report.contained.find((l: { id: string }) => l.id === `Group_1-${code}`);
    expect(list('numerator').entry).toHaveLength(byCms('network', 'CMS122v14').numerator);
    expect(report.group[0].population.find((p: { code: { coding: { code: string }[] } }) => p.code.coding[0]!.code === 'denominator').count).toBe(byCms('network', 'CMS122v14').denominator);

    const scoped = JSON.parse((await practiceUser.get('/api/exports/fhir/subject-list').query({ measures: 'cms122' })).text).entry[0].resource;
    expect(scoped.contained.find((l: { id: string }) => l.id === 'Group_1-initial-population').entry).toHaveLength(byCms('P02', 'CMS122v14').initial_population);

    expect((await exporter.get('/api/exports/fhir/subject-list')).status).toBe(403);
    const [audit] = await db.query(`SELECT count(*) AS n FROM audit_log WHERE route = '/api/exports/fhir/subject-list'`);
    expect(audit!.n).toBe(2);
  });

  it('gaps-in-care Bundles hold the Composition, open and closed DetectedIssues and individual reports', async () => {
    const res = await network.get('/api/exports/fhir/patients/pt001/gaps-in-care');
    expect(res.status).toBe(200);
    const bundle = JSON.parse(res.text);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'document' });
    const resources = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource);
    expect(resources[0].resourceType).toBe('Composition');
    const rows = await db.query(`SELECT measure_id, gap, numerator, denominator_exclusion FROM measure_result WHERE patient_id = 'pt001' AND run_id = $run`, { run: FIXTURE_RUN });
    const issues = resources.filter((r: { resourceType: string }) => r.resourceType === 'DetectedIssue');
    const status = (i: { modifierExtension: { valueCodeableConcept: { coding: { code: string }[] } }[] }) => i.modifierExtension[0]!.valueCodeableConcept.coding[0]!.code;
    expect(issues.filter((i: never) => status(i) === 'open-gap')).toHaveLength(rows.filter((r) => r.gap === true).length);
    expect(issues.filter((i: never) => status(i) === 'closed-gap')).toHaveLength(rows.filter((r) => r.gap === false && r.denominator_exclusion === false).length);
    const individual = resources.filter((r: { resourceType: string; type?: string }) => r.resourceType === 'MeasureReport' && r.type === 'individual');
    expect(individual).toHaveLength(rows.length);
    expect(resources[0].section).toHaveLength(rows.length);

    // pt001 is attributed to P01 only: out of the P02 user's scope, and an exporter sees no patient.
    expect((await practiceUser.get('/api/exports/fhir/patients/pt001/gaps-in-care')).status).toBe(404);
    expect((await exporter.get('/api/exports/fhir/patients/pt001/gaps-in-care')).status).toBe(403);
  });
});

describe('XLSX and PDF scorecards', () => {
  it('the XLSX opens with exceljs and lists the dashboard counts, small cells withheld', async () => {
    for (const [scope, query] of [['network', {}], ['P02', { practice: 'P02' }]] as const) {
      const res = await exporter.get('/api/exports/xlsx').query(query).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      const body = res.body as Buffer;
      await workbook.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
      const sheet = workbook.getWorksheet('Scorecard')!;
      const headRow = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === 'Measure')!;
      const column = (name: (typeof XLSX_COLUMNS)[number]) => XLSX_COLUMNS.indexOf(name) + 1;
      for (const d of dashboard(scope)) {
        const row = sheet.getRows(headRow.number + 1, dashboard(scope).length)!.find((r) => r.getCell(column('CMS id')).value === d.cms_id)!;
        for (const [name, actual] of [['Denominator', d.denominator], ['Numerator', d.numerator], ['Exclusions', d.denominator_exclusion], ['Open gaps', d.open_gaps]] as const) {
          expect(row.getCell(column(name)).value).toBe(actual >= 1 && actual <= 10 ? '*' : actual);
        }
      }
      expect(workbook.getWorksheet('Trend')!.rowCount).toBe(dashboard(scope).length + 1);
    }
  });

  it('a provider scorecard carries its monthly trend, ending at its dashboard rate', async () => {
    const res = await exporter.get('/api/exports/xlsx').query({ provider: PROVIDERS['P01/dr1'], suppress: 'false' }).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await workbook.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const trend = workbook.getWorksheet('Trend')!;
    const head = trend.getRow(1).values as unknown[];
    expect(head.slice(2)).toHaveLength(12);
    expect(head.at(-1)).toBe('2026-12-31');
    const scorecard = workbook.getWorksheet('Scorecard')!;
    const labelOf = (cmsId: string) => scorecard.getRows(1, scorecard.rowCount)!.find((r) => r.getCell(XLSX_COLUMNS.indexOf('CMS id') + 1).value === cmsId)!.getCell(1).value;
    for (const d of dashboard('P01/dr1')) {
      const row = trend.getRows(2, trend.rowCount - 1)!.find((r) => r.getCell(1).value === labelOf(d.cms_id))!;
      expect(row.getCell(13).value).toBe(Math.round(d.performance_rate! * 10) / 10);
    }
    const notes = scorecard.getRows(1, scorecard.rowCount)!.map((r) => String(r.getCell(1).value ?? ''));
    expect(notes.some((n) => /trend/i.test(n))).toBe(false);
  });

  it('lists the clinicians of a practice an export can be about, with their NPI', async () => {
    const res = await exporter.get('/api/exports/providers').query({ practice: 'P01' });
    expect(res.status).toBe(200);
    expect(res.body.providers).toContainEqual(expect.objectContaining({ provider_id: 'P01/dr1', npi: PROVIDERS['P01/dr1'] }));
    expect(res.body.providers.every((p: { provider_id: string }) => p.provider_id.startsWith('P01/'))).toBe(true);
    expect((await exporter.get('/api/exports/providers').query({ practice: "P01' OR 1=1" })).status).toBe(400);
  });

  it('the PDF renders to an image and reads back the network rates', async () => {
    const res = await exporter.get('/api/exports/pdf').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const file = path.join(tmp, 'scorecard.pdf');
    fs.writeFileSync(file, res.body as Buffer);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(tmp, 'page')]);
    const png = fs.readdirSync(tmp).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    expect(fs.readFileSync(path.join(tmp, png)).subarray(1, 4).toString()).toBe('PNG');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Quality scorecard');
    for (const d of dashboard('network')) expect(text).toContain(`${d.performance_rate!.toFixed(1)}%`);
  });
});
