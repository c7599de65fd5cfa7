// The Data sources screen shows exactly what GET /api/sources says, its empty state on an empty
// database, and its error state (with a working retry) when the API fails.
import { describe, expect, inject, it } from 'vitest';
import { browserSuite, openScreen, parseCount, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

interface FileRow {
  practice_id: string;
  source_file_id: number | null;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  status: string | null;
}
interface RejectRow {
  practice_id: string;
  resource_type: string | null;
  reason: string;
  rows_rejected: number;
}

async function api(): Promise<{ files: FileRow[]; rejects: RejectRow[]; loaded: FileRow[] }> {
  const body = (await (await fetch(`${seeded}/api/sources`)).json()) as { files: FileRow[]; rejects: RejectRow[] };
  return { ...body, loaded: body.files.filter((f) => f.source_file_id !== null) };
}

const sum = (rows: FileRow[], key: 'rows_read' | 'rows_loaded' | 'rows_rejected') => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
const counts = (rows: FileRow[]) => [rows.length, sum(rows, 'rows_read'), sum(rows, 'rows_loaded'), sum(rows, 'rows_rejected')];

describe('data sources', () => {
  it('shows the same numbers as the API, per practice, per file, per reject reason and in total', async () => {
    const { files, rejects, loaded } = await api();
    expect(loaded.length).toBeGreaterThan(0);
    const page = browser.page();
    await openScreen(page, `${seeded}/sources`);

    const practices = await readTable(page, 'practices-heading');
    expect(practices.head).toEqual(['Practice', 'EHR', 'Files', 'Rows read', 'Rows loaded', 'Rows rejected', 'Status', 'Last load']);
    const practiceIds = [...new Set(files.map((f) => f.practice_id))];
    expect(practices.body.map((r) => r[0]!.match(/\((\w+)\)$/)?.[1])).toEqual(practiceIds);
    for (const [i, id] of practiceIds.entries()) {
      expect(practices.body[i]!.slice(2, 6).map(parseCount), id).toEqual(counts(loaded.filter((f) => f.practice_id === id)));
    }
    expect(practices.foot[0]!.slice(1, 5).map(parseCount)).toEqual(counts(loaded));

    const fileTable = await readTable(page, 'files-heading');
    expect(fileTable.body.map((r) => [...r.slice(3, 6).map(parseCount), r[6]])).toEqual(
      loaded.map((f) => [f.rows_read, f.rows_loaded, f.rows_rejected, f.status]),
    );

    const rejectTable = await readTable(page, 'rejects-heading');
    expect(rejectTable.body.map((r) => [r[0]!.match(/\((\w+)\)$/)?.[1], r[1], r[2], parseCount(r[3])])).toEqual(
      rejects.map((r) => [r.practice_id, r.resource_type ?? '–', r.reason, r.rows_rejected]),
    );
    expect(parseCount(rejectTable.foot[0]![1])).toBe(rejects.reduce((n, r) => n + r.rows_rejected, 0));
  });

  it('shows the network summary on the overview from the same numbers', async () => {
    const { files, loaded } = await api();
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    const stats = Object.fromEntries(
      await Promise.all((await page.locator('.stat').all()).map(async (s) => [await s.locator('dt').innerText(), await s.locator('dd').innerText()])),
    );
    expect(parseCount(stats['Practices'])).toBe(new Set(files.map((f) => f.practice_id)).size);
    expect(parseCount(stats['Files loaded'])).toBe(loaded.length);
    expect(parseCount(stats['Rows loaded'])).toBe(sum(loaded, 'rows_loaded'));
    expect(parseCount(stats['Rows rejected'])).toBe(sum(loaded, 'rows_rejected'));
  });

  it('shows the empty state on an empty database', async () => {
    const page = browser.page();
    for (const path of ['/sources', '/']) {
      await openScreen(page, `${empty}${path}`);
      expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No extracts loaded yet — run caliper ingest <folder>');
      expect(await page.locator('main table').count()).toBe(0);
    }
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
