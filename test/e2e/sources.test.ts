// The Data sources screen shows exactly what GET /api/sources says, its empty state on an empty
// database, and its error state (with a working retry) when the API fails.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson, browserSuite, openScreen, parseCount, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

interface PracticeRow {
  practice_id: string;
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}
interface FileRow {
  practice_id: string;
  source_file_id: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  status: string;
}
interface RejectRow {
  practice_id: string;
  resource_type: string | null;
  reason: string;
  rows_rejected: number;
}
interface Sources {
  practices: PracticeRow[];
  files: FileRow[];
  rejects: RejectRow[];
}

const api = (page: Page, query = '') => apiJson<Sources>(page, `${seeded}/api/sources${query}`);

const sum = (rows: (PracticeRow | FileRow)[], key: 'rows_read' | 'rows_loaded' | 'rows_rejected') => rows.reduce((n, r) => n + r[key], 0);
const counts = (rows: PracticeRow[]) => [rows.reduce((n, r) => n + r.files, 0), sum(rows, 'rows_read'), sum(rows, 'rows_loaded'), sum(rows, 'rows_rejected')];

describe('data sources', () => {
  it('shows the same numbers as the API, per practice, per file, per reject reason and in total', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/sources`);
    const { practices: perPractice, files, rejects } = await api(page);
    expect(files).toEqual([]); // files come per practice
    expect(await page.locator('#files-heading + p').innerText()).toBe('Choose a practice above to list its files.');

    const practices = await readTable(page, 'practices-heading');
    expect(practices.head).toEqual(['Practice', 'EHR', 'Files', 'Rows read', 'Rows loaded', 'Rows rejected', 'Status', 'Last load']);
    expect(practices.body.map((r) => r[0]!.match(/\((\w+)\)$/)?.[1])).toEqual(perPractice.map((p) => p.practice_id));
    for (const [i, p] of perPractice.entries()) expect(practices.body[i]!.slice(2, 6).map(parseCount), p.practice_id).toEqual(counts([p]));
    expect(practices.foot[0]!.slice(1, 5).map(parseCount)).toEqual(counts(perPractice));

    // One practice's files: as the API sends them, adding up to its row above.
    const practice = perPractice.find((p) => p.files > 0)!;
    await page.getByLabel('Practice', { exact: true }).selectOption(practice.practice_id);
    await page.waitForURL(`${seeded}/sources?practice=${practice.practice_id}`);
    await page.locator('.load-content[aria-busy="false"] table[aria-labelledby="files-heading"]').waitFor();
    const own = (await api(page, `?practice=${practice.practice_id}`)).files;
    expect(own.every((f) => f.practice_id === practice.practice_id)).toBe(true);
    expect([own.length, sum(own, 'rows_read'), sum(own, 'rows_loaded'), sum(own, 'rows_rejected')]).toEqual(counts([practice]));
    const fileTable = await readTable(page, 'files-heading');
    expect(fileTable.body.map((r) => [...r.slice(3, 6).map(parseCount), r[6]])).toEqual(own.map((f) => [f.rows_read, f.rows_loaded, f.rows_rejected, f.status]));
    await page.goto(`${seeded}/sources`);
    await page.locator('table[aria-labelledby="rejects-heading"]').waitFor();

    const rejectTable = await readTable(page, 'rejects-heading');
    // As a set: rows with equal counts may come in either order from one query to the next.
    const sorted = (rows: (string | number | undefined)[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(rejectTable.body.map((r) => [r[0]!.match(/\((\w+)\)$/)?.[1], r[1], r[2], parseCount(r[3])]))).toEqual(
      sorted(rejects.map((r) => [r.practice_id, r.resource_type ?? '–', r.reason, r.rows_rejected])),
    );
    expect(parseCount(rejectTable.foot[0]![1])).toBe(rejects.reduce((n, r) => n + r.rows_rejected, 0));
  });

  it('shows every practice\'s completeness and linking as the API does', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/sources`);
    const { completeness, linking } = await apiJson<{
      completeness: { practice_id: string; patients: number; patients_with_bp: number; lab_results: number; lab_results_loinc: number }[];
      linking: { practice_id: string; records: number; patients: number; records_shared_with_other_practices: number }[];
    }>(page, `${seeded}/api/sources`);
    expect(completeness.length).toBeGreaterThan(0);
    const table = await readTable(page, 'quality-heading');
    const byId = new Map(table.body.map((r) => [r[0]!.match(/\((\w+)\)$/)?.[1], r]));
    for (const c of completeness) {
      const row = byId.get(c.practice_id)!;
      expect(row[1], c.practice_id).toContain(`(${c.patients_with_bp.toLocaleString('en-US')} of ${c.patients.toLocaleString('en-US')})`);
      expect(row[2], c.practice_id).toContain(`(${c.lab_results_loinc.toLocaleString('en-US')} of ${c.lab_results.toLocaleString('en-US')})`);
    }
    for (const l of linking) {
      const row = byId.get(l.practice_id)!;
      expect(row[4], l.practice_id).toBe(`${l.records.toLocaleString('en-US')} → ${l.patients.toLocaleString('en-US')}`);
      expect(parseCount(row[5]), l.practice_id).toBe(l.records_shared_with_other_practices);
    }
  });

  it('shows the empty state on an empty database', async () => {
    const page = browser.page();
    await openScreen(page, `${empty}/sources`);
    expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No extracts loaded yet — run caliper ingest <folder>');
    expect(await page.locator('main table').count()).toBe(0);
  });

  it('says so when the practice in the URL does not exist', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/sources?practice=P99`);
    expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No practice with id P99 in this network.');
    await page.getByRole('link', { name: 'Show all practices' }).click();
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows the API error and recovers on retry', async () => {
    const page = browser.page();
    browser.allowConsoleError(/status of 500/);
    const error = { error: { code: 'InternalError', message: 'Internal error' } };
    await page.route('**/api/sources', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify(error) }));
    await openScreen(page, `${seeded}/sources`);
    const alert = page.getByRole('alert');
    expect(await alert.innerText()).toContain('Could not load data sources.');
    expect(await alert.innerText()).toContain('Internal error (InternalError)');

    await page.unroute('**/api/sources');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
