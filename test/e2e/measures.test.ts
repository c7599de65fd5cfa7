// The Measures screen shows exactly what GET /api/measures says, for the network and per practice (the
// practice filter lives in the URL and keeps keyboard focus), its empty state before any run, and the
// overview's one line about the latest run.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserSuite, openScreen, parseCount, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

interface ApiMeasure {
  measure_id: string;
  cms_id: string;
  title: string;
  inverse: boolean;
  numerator: number;
  performance_denominator: number;
  performance_rate: number | null;
  open_gaps: number;
  benchmark: { decile: number | null } | null;
}
interface ApiRates {
  run: { run_id: number };
  measures: ApiMeasure[];
}

async function api(practice?: string): Promise<ApiRates> {
  const response = await fetch(`${seeded}/api/measures${practice ? `?practice=${practice}` : ''}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiRates;
}

/** "70.4%" → 70.4; "–" → null */
const parsePercent = (text: string | undefined): number | null => (text === '–' ? null : Number((text ?? '').replace(/%$/, '')));

/** The rates table, row by row, against the API's rows for the same scope. */
async function expectTableToMatch(page: Page, expected: ApiRates): Promise<void> {
  const table = await readTable(page, 'rates-heading');
  expect(table.head).toEqual(['Measure', 'Rate', 'Numerator', 'Denominator', 'Open gaps', 'Benchmark decile', 'Rate against benchmark deciles (0–100%)']);
  expect(table.body).toHaveLength(expected.measures.length);
  for (const [i, m] of expected.measures.entries()) {
    const [measure, rate, numerator, denominator, gaps, decile] = table.body[i]!;
    const what = `${m.measure_id} row ${i}`;
    expect(measure, what).toContain(m.title);
    expect(measure, what).toContain(m.cms_id);
    expect(measure!.includes('lower is better'), what).toBe(m.inverse);
    if (m.performance_rate === null) expect(rate, what).toBe('–');
    else expect(Math.abs(parsePercent(rate)! - m.performance_rate), what).toBeLessThanOrEqual(0.05);
    expect([numerator, denominator, gaps].map(parseCount), what).toEqual([m.numerator, m.performance_denominator, m.open_gaps]);
    expect(decile!.split(' ')[0], what).toBe(String(m.benchmark?.decile ?? '–'));
  }
  // One bar per row, each an image named by its <title>, which states the rate the row shows.
  const titles = await page.locator('table[aria-labelledby="rates-heading"] svg[role="img"] title').allTextContents();
  expect(titles).toHaveLength(expected.measures.length);
  for (const [i, m] of expected.measures.entries()) {
    const rate = table.body[i]![1]!;
    expect(titles[i]).toContain(`${m.title}: ${rate === '–' ? 'no eligible patients' : rate}, ${m.inverse ? 'lower' : 'higher'} is better.`);
  }
}

const focusedId = (page: Page) => page.evaluate('document.activeElement.id') as Promise<string>;

describe('measures', () => {
  it('shows the same rates, denominators, gaps and deciles as the API for the network', async () => {
    const expected = await api();
    expect(expected.measures.length).toBeGreaterThan(0);
    const page = browser.page();
    await openScreen(page, `${seeded}/measures`);
    expect(await page.locator('#rates-heading').innerText()).toBe('Measure rates: whole network');
    expect(await page.locator('.run-info').innerText()).toContain(`Run ${expected.run.run_id}`);
    await expectTableToMatch(page, expected);
  });

  it('filters by practice from the keyboard, keeps focus on the filter, and keeps the filter through reload', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures`);
    const filter = page.getByLabel('Practice', { exact: true });
    await filter.focus();
    await page.keyboard.press('ArrowDown'); // P01
    await page.waitForURL(`${seeded}/measures?practice=P01`);
    await page.keyboard.press('ArrowDown'); // P02
    await page.waitForURL(`${seeded}/measures?practice=P02`);
    await page.locator('#rates-heading', { hasText: 'Lakeview Internal Medicine' }).waitFor();
    expect(await focusedId(page)).toBe('practice-filter');
    await expectTableToMatch(page, await api('P02'));

    await page.reload();
    await page.locator('#rates-heading', { hasText: 'Lakeview Internal Medicine' }).waitFor();
    expect(await filter.inputValue()).toBe('P02');
    await expectTableToMatch(page, await api('P02'));
  });

  it('shows the patients no practice is attributed to as their own practice', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures?practice=Unattributed`);
    await page.locator('#rates-heading', { hasText: 'Unattributed' }).waitFor();
    await expectTableToMatch(page, await api('Unattributed'));
  });

  it('says so when the practice in the URL does not exist', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures?practice=P99`);
    expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No practice with id P99 in this network.');
    await page.getByRole('link', { name: 'Show the whole network' }).click();
    await page.locator('#rates-heading', { hasText: 'whole network' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows the empty state before any run', async () => {
    const page = browser.page();
    await openScreen(page, `${empty}/measures`);
    expect(await page.locator('main .state-empty .state-title').innerText()).toBe('No measure results yet — run the pipeline');
    expect(await page.locator('main table').count()).toBe(0);
  });

  it('counts the measures of the latest run on the overview and links to them; nothing before a run', async () => {
    const runs = (await (await fetch(`${seeded}/api/measures/runs`)).json()) as { runs: { measure_count: number }[] };
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    const line = page.locator('.measures-summary');
    expect(await line.innerText()).toContain(`${runs.runs[0]!.measure_count} quality measures computed for 2026-01-01 to 2026-12-31.`);
    await line.getByRole('link', { name: 'See measure rates' }).click();
    await page.waitForURL(`${seeded}/measures`);
    await page.locator('#rates-heading').waitFor();

    await openScreen(page, `${empty}/`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.measures-summary').count()).toBe(0);
  });
});
