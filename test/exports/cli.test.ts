// caliper export: writes each format to a file from a database file, with the documented defaults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { run } from '../../server/cli/export.ts';
import { Database } from '../../server/db/database.ts';
import { applySchema } from '../../server/db/schema.ts';
import { seedExportFixture } from './fixture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-export-cli-'));
const dbFile = path.join(dir, 'caliper.duckdb');

beforeAll(async () => {
  const db = await Database.open({ path: dbFile, poolSize: 1 });
  await applySchema(db);
  await seedExportFixture(db);
  db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('writes a QPP file for the network of the latest complete period by default', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const out = path.join(dir, 'network.qpp.json');
  expect(await run(['--format', 'qpp', '--out', out, '--db', dbFile, '--apm-entity', 'A1234'])).toBe(0);
  const submission = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(submission.measurementSets[0].performanceStart).toBe('2026-01-01');
  expect(submission.measurementSets[0].measurements).toHaveLength(5);
  expect(log.mock.calls[0]![0]).toMatch(/qpp for the network, run 7 \(2026-01-01 to 2026-12-31\), payer \*, 5 measures/);
  log.mockRestore();
});

it('writes a payer scorecard of one practice, one payer and chosen measures', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const out = path.join(dir, 'p01.xlsx');
  expect(await run(['--format', 'xlsx', '--out', out, '--db', dbFile, '--practice', 'P01', '--payer', '1', '--measures', 'CMS122v14,cms2', '--period', '2026'])).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  const ids = workbook.getWorksheet('Scorecard')!.getColumn(2).values.filter((v) => typeof v === 'string' && /^CMS\d/.test(v));
  expect(ids).toEqual(['CMS122v14', 'CMS2v15']);
  expect(log.mock.calls[0]![0]).toMatch(/practice P01, .* payer 1, 2 measures, small cells suppressed/);
  log.mockRestore();
});

it('refuses an unknown format with the usage text', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  expect(await run(['--format', 'csv', '--out', path.join(dir, 'x')])).toBe(2);
  expect(error.mock.calls[0]![0]).toMatch(/Usage: caliper export --format qpp\|qrda3\|fhir\|xlsx\|pdf/);
  error.mockRestore();
});
