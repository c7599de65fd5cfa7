// The Exports screen on the sample network: an exporter downloads a practice's XLSX scorecard and the
// network's QRDA III through the form; every format of the sample network is parsed back and matches
// the dashboard's API (GET /api/overview), and the QRDA III passes the CDA schema and CMS 2026 schematron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ecqmIdentifiers, type EcqmIdentifiers } from '../../server/exports/ecqm-identifiers.ts';
import { MEASURES } from '../../server/measures/registry.ts';
import { parseQrda3 } from '../exports/qrda-parse.ts';
import { validateQrda3 } from '../exports/qrda-validator.ts';
import { browserSuite, openScreen, signIn } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-e2e-exports-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface OverviewMeasure {
  cms_id: string;
  mips_id: string | null;
  initial_population: number;
  denominator: number;
  denominator_exclusion: number;
  denominator_exception: number;
  numerator: number;
  performance_denominator: number;
  performance_rate: number | null;
}

async function overview(practice?: string): Promise<OverviewMeasure[]> {
  const res = await browser.page().request.get(`${seeded}/api/overview${practice ? `?practice=${practice}` : ''}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { measures: OverviewMeasure[] }).measures;
}

describe('exports of the sample network', () => {
  it('downloads a practice XLSX scorecard from the Exports screen with the dashboard counts', async () => {
    const page = browser.page();
    await signIn(page, seeded, 'exporter');
    await openScreen(page, `${seeded}/exports`);
    await page.getByLabel('Excel scorecard (XLSX)').check();
    await page.getByLabel('Entity').selectOption('P01');
    await page.getByLabel(/Suppress small cells/).uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^caliper-P01-\d{4}-run\d+\.xlsx$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    await page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();
    await browser.screenshot('exports-xlsx');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Scorecard')!;
    // One row per measure x population group, in registry order like the overview.
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      if (/^CMS\d/.test(String(row.getCell(2).value))) rows.push([row.getCell(2).value, row.getCell(6).value, row.getCell(9).value]);
    });
    expect(rows).toEqual((await overview('P01')).map((d) => [d.cms_id, d.denominator, d.numerator]));
  });

  it("downloads one clinician's XLSX scorecard, chosen on the screen, with the dashboard's provider counts", async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/exports`);
    await page.getByLabel('Excel scorecard (XLSX)').check();
    await page.getByLabel('Entity').selectOption('P01');
    const clinician = page.getByLabel('Clinician');
    await clinician.waitFor();
    const providerId = await clinician.locator('option').nth(1).getAttribute('value');
    expect(providerId).toMatch(/^P01\//);
    await clinician.selectOption(providerId!);
    await page.getByLabel(/Suppress small cells/).uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const file = path.join(tmp, `provider-${download.suggestedFilename()}`);
    await download.saveAs(file);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rows: unknown[][] = [];
    workbook.getWorksheet('Scorecard')!.eachRow((row) => {
      if (/^CMS\d/.test(String(row.getCell(2).value))) rows.push([row.getCell(2).value, row.getCell(6).value, row.getCell(9).value]);
    });
    // The same clinician on the Measure screen's provider view, group by group in registry order.
    const expected: unknown[][] = [];
    for (const m of MEASURES) {
      for (const g of m.populationGroups) {
        const res = await page.request.get(`${seeded}/api/measures/${m.id}?group=${g.id}&level=provider&practice=P01`);
        const row = ((await res.json()) as { providers: { entity_id: string; denominator: number; numerator: number }[] }).providers.find(
          (p) => p.entity_id === providerId,
        );
        expected.push([m.cmsId, row?.denominator ?? 0, row?.numerator ?? 0]);
      }
    }
    expect(expected.some(([, denominator]) => Number(denominator) > 0)).toBe(true); // a clinician with patients
    expect(rows).toEqual(expected);
  });

  it('downloads the network QRDA III, valid for 2026 and equal to the dashboard counts', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/exports`);
    await page.getByLabel('QRDA Category III XML (CMS)').check();
    await page.getByLabel('APM Entity ID').fill('A1234');
    await page.getByLabel('CMS EHR Certification ID').fill('0015CABCDEFGHIJ');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const file = path.join(tmp, 'network.xml');
    await download.saveAs(file);
    expect(validateQrda3(file, 2026)).toEqual({ schemaErrors: [], failedAsserts: [] });
    const { measures } = parseQrda3(fs.readFileSync(file, 'utf8'));
    const appPlus = (await overview()).filter((m) => ['001', '112', '113', '134', '236'].includes(m.mips_id ?? ''));
    // Measures are referenced by CMS's version-specific identifier of their 2026 eCQM version.
    const uuidOf = (cmsId: string) => (ecqmIdentifiers(2026, MEASURES.find((m) => m.cmsId === cmsId)!) as EcqmIdentifiers).uuid;
    expect([...measures.keys()].sort()).toEqual(appPlus.map((m) => uuidOf(m.cms_id)).sort());
    for (const d of appPlus) {
      expect(measures.get(uuidOf(d.cms_id))!.get('DENOM')!.count).toBe(d.denominator);
      expect(measures.get(uuidOf(d.cms_id))!.get('NUMER')!.count).toBe(d.numerator);
    }
  });

  it('produces QPP JSON, FHIR and PDF for the network with the dashboard counts, and shows API errors', async () => {
    const page = browser.page();
    const network = await overview();
    const qpp = await (await page.request.get(`${seeded}/api/exports/qpp?apm_entity=A1234`)).json();
    for (const { measureId, value } of qpp.measurementSets[0].measurements) {
      const d = network.find((m) => m.mips_id === measureId)!;
      expect([value.performanceMet, value.eligiblePopulation, value.eligiblePopulationExclusion]).toEqual([d.numerator, d.denominator, d.denominator_exclusion]);
    }
    const fhir = await (await page.request.get(`${seeded}/api/exports/fhir?suppress=false`)).json();
    expect(fhir.entry).toHaveLength(new Set(network.map((m) => m.cms_id)).size);
    const pdf = await page.request.get(`${seeded}/api/exports/pdf`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // A CMS format without its identifiers: the form shows the API's message.
    await openScreen(page, `${seeded}/exports`);
    await page.getByLabel('QRDA Category III XML (CMS)').check();
    await page.getByRole('button', { name: 'Download' }).click();
    browser.allowConsoleError(/400/);
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/cehrt_id/);
  });
});
