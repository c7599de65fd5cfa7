// The network overview shows what GET /api/overview says, for the network, one practice and one payer (the
// filters live in the URL and survive a reload); its bullet charts and sparklines name their numbers; and
// it leads on to the measure and the worklist behind each row.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiJson, browserSuite, openScreen, parseCount, parsePercent, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

interface ApiMeasure {
  measure_id: string;
  group_id: string;
  cms_id: string;
  title: string;
  inverse: boolean;
  performance_denominator: number;
  performance_rate: number | null;
  open_gaps: number;
  benchmark: { decile: number | null } | null;
  trend: { month_end: string; performance_rate: number | null }[];
}
interface ApiOverview {
  run: { run_id: number };
  filters: { payers: string[]; practices: { practice_id: string; name: string }[] };
  measures: ApiMeasure[];
}

/** The rates table, row by row, against the API's measures for the same filters. */
async function expectTableToMatch(page: Page, expected: ApiOverview): Promise<void> {
  const table = await readTable(page, 'rates-heading');
  expect(table.head).toEqual(['Measure', 'Rate', 'Rate against MIPS benchmark deciles', 'Monthly trend', 'Denominator', 'Open gaps', 'Decile']);
  expect(table.body).toHaveLength(expected.measures.length);
  for (const [i, m] of expected.measures.entries()) {
    const [measure, rate, , , denominator, gaps, decile] = table.body[i]!;
    const what = `${m.measure_id}/${m.group_id}`;
    expect(measure, what).toContain(m.title);
    expect(measure, what).toContain(m.cms_id);
    expect(measure!.includes('lower is better'), what).toBe(m.inverse);
    if (m.performance_rate === null) expect(rate, what).toBe('–');
    else expect(Math.abs(parsePercent(rate)! - m.performance_rate), what).toBeLessThanOrEqual(0.05);
    expect([denominator, gaps].map(parseCount), what).toEqual([m.performance_denominator, m.open_gaps]);
    expect(decile, what).toBe(String(m.benchmark?.decile ?? '–'));
  }
}

/** Run `act` (a filter change), then wait for the overview request it causes and for its answer on screen. */
async function settledAfter(page: Page, query: string, act: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse((r) => r.url().includes('/api/overview?') && r.url().includes(query));
  await act();
  await response;
  await page.locator('.load-content[aria-busy="false"]').waitFor();
}

describe('overview', () => {
  it('shows the same rates, denominators, gaps and deciles as the API, with charts that name them', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    const expected = await apiJson<ApiOverview>(page, `${seeded}/api/overview`);
    expect(expected.measures.length).toBeGreaterThan(0);
    expect(await page.locator('#rates-heading').innerText()).toBe('Measure rates: whole network');
    expect(await page.locator('.run-info').innerText()).toContain(`Run ${expected.run.run_id}`);
    await expectTableToMatch(page, expected);

    // Each bullet chart's rate mark is focusable and says the rate, direction and decile it draws.
    const inverse = expected.measures.findIndex((m) => m.inverse && m.performance_rate !== null);
    expect(inverse).toBeGreaterThanOrEqual(0);
    const mark = page.locator('.overview-table tbody tr').nth(inverse).locator('.bullet [data-mark]');
    await mark.focus();
    const label = (await mark.getAttribute('aria-label'))!;
    expect(label).toContain('lower is better');
    expect(await page.locator('.chart-tooltip').innerText()).toBe(label);

    // The sparkline steps through the months with the arrow keys, one tooltip per month.
    const spark = page.locator('.overview-table tbody tr').first().locator('.spark svg');
    await spark.locator('[data-mark]').first().focus();
    await page.keyboard.press('ArrowRight');
    const points = expected.measures[0]!.trend.filter((t) => t.performance_rate !== null);
    expect(await page.locator('.chart-tooltip').innerText()).toContain(`${(points[1]!.performance_rate!).toFixed(1)}%`);
  });

  it('filters by practice and payer through the URL and keeps them through reload', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    await settledAfter(page, 'practice=P02', () => page.getByLabel('Practice', { exact: true }).selectOption('P02'));
    await page.waitForURL(`${seeded}/?practice=P02`);
    const practice = await apiJson<ApiOverview>(page, `${seeded}/api/overview?practice=P02`);
    const name = practice.filters.practices.find((p) => p.practice_id === 'P02')!.name;
    await page.locator('#rates-heading', { hasText: name }).waitFor();
    await expectTableToMatch(page, practice);

    const payer = practice.filters.payers[0]!;
    await settledAfter(page, `payer=${payer}`, () => page.getByLabel('Payer', { exact: true }).selectOption(payer));
    await page.waitForURL(`${seeded}/?practice=P02&payer=${payer}`);
    await expectTableToMatch(page, await apiJson<ApiOverview>(page, `${seeded}/api/overview?practice=P02&payer=${payer}`));

    await page.reload();
    await page.locator('#rates-heading', { hasText: name }).waitFor();
    expect(await page.getByLabel('Payer', { exact: true }).inputValue()).toBe(payer);
    await expectTableToMatch(page, await apiJson<ApiOverview>(page, `${seeded}/api/overview?practice=P02&payer=${payer}`));
  });

  it('leads from a measure to its comparison screen and from its gaps to the worklist', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/?practice=P03`);
    const first = (await apiJson<ApiOverview>(page, `${seeded}/api/overview?practice=P03`)).measures[0]!;
    const row = page.locator('.overview-table tbody tr').first();
    const gaps = await row.locator('td a').innerText();
    await row.locator('td a').click();
    await page.waitForURL(/\/worklist\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ practice: 'P03', measure: first.measure_id });
    await page.locator('#gap-count').waitFor();
    expect(await page.locator('#gap-count').innerText()).toBe(gaps);

    await page.goBack();
    await page.locator('.overview-table tbody tr').first().locator('th a').click();
    await page.waitForURL(`${seeded}/measures/${first.measure_id}`);
    await page.locator('#network-rate').waitFor();
  });

  it('shows the empty state before any run', async () => {
    const page = browser.page();
    await openScreen(page, `${empty}/`);
    expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No measure results yet — run the pipeline');
    expect(await page.locator('main table').count()).toBe(0);
  });

  it('shows the API error and recovers on retry', async () => {
    const page = browser.page();
    browser.allowConsoleError(/status of 500/);
    const error = { error: { code: 'InternalError', message: 'Internal error' } };
    await page.route('**/api/overview*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify(error) }));
    await openScreen(page, `${seeded}/`);
    expect(await page.getByRole('alert').innerText()).toContain('Could not load the network overview.');
    await page.unroute('**/api/overview*');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#rates-heading').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
