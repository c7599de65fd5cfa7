// The measure screen shows what GET /api/measures/:id says: the network's numbers, every practice and (at
// provider level, of the network or one practice) every provider in the sortable table and as a funnel-plot
// mark (keyboard-reachable, leading to the practice), strata and the run chart; inverse measures read "lower
// is better" on every chart.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiJson, browserSuite, openScreen, parseCount, parsePercent, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();

interface Counts {
  numerator: number;
  performance_denominator: number;
  performance_rate: number | null;
  open_gaps: number;
}
interface ApiMeasure {
  measure: { measure_id: string; title: string; inverse: boolean; groups: { group_id: string }[] };
  network: Counts & { benchmark: { decile: number | null } | null };
  practices: (Counts & { entity_id: string; name: string })[];
  providers: (Counts & { entity_id: string; name: string; practice_id: string | null })[];
  strata: (Counts & { stratifier: string; stratum: string })[];
  trend: { month_end: string; performance_rate: number | null }[];
}

const stat = async (page: Page, label: string) => page.locator('.stat', { has: page.locator('dt', { hasText: label }) }).locator('dd').innerText();

/** The entity table's rows as [name, rate, numerator, denominator, gaps]. */
async function entityRows(page: Page) {
  return (await readTable(page, 'compare-heading')).body.map(([name, rate, num, den, gaps]) => [name, parsePercent(rate), parseCount(num), parseCount(den), parseCount(gaps)]);
}

describe('measure', () => {
  it('shows the network numbers, every practice in the table and the funnel, strata and the run chart as the API does', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures/cms165`);
    const api = await apiJson<ApiMeasure>(page, `${seeded}/api/measures/cms165`);
    expect(await page.locator('main h1').innerText()).toBe(api.measure.title);
    expect(parsePercent(await stat(page, 'Network rate'))).toBeCloseTo(api.network.performance_rate!, 1);
    expect(parseCount(await stat(page, 'Denominator'))).toBe(api.network.performance_denominator);
    expect(parseCount(await stat(page, 'Open gaps'))).toBe(api.network.open_gaps);

    // Default order: largest denominator first.
    const expected = [...api.practices]
      .sort((a, b) => b.performance_denominator - a.performance_denominator)
      .map((p) => [p.name, p.performance_rate === null ? null : Math.round(p.performance_rate * 10) / 10, p.numerator, p.performance_denominator, p.open_gaps]);
    expect(await entityRows(page)).toEqual(expected);
    const plotted = api.practices.filter((p) => p.performance_rate !== null && p.performance_denominator > 0);
    expect(await page.locator('.funnel [data-mark]').count()).toBe(plotted.length);

    // Sorting by rate, then reversed.
    await page.getByRole('button', { name: /^Rate/ }).click();
    const ascending = (await entityRows(page)).map((r) => r[1] as number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('Rate');
    await page.getByRole('button', { name: /^Rate/ }).click();
    expect((await entityRows(page)).map((r) => r[1])).toEqual([...ascending].reverse());

    const strata = api.strata.filter((s) => s.stratifier === 'age_band');
    const strataMarks = page.locator('figure[aria-labelledby="strata-title"] [data-mark]');
    expect(await strataMarks.count()).toBe(strata.length);
    const runMarks = page.locator('figure[aria-labelledby="run-chart-title"] [data-mark]');
    expect(await runMarks.count()).toBe(api.trend.filter((t) => t.performance_rate !== null).length);
  });

  it('reaches every funnel mark from the keyboard and opens its practice', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures/cms165`);
    const first = page.locator('.funnel [data-mark]').first();
    await first.focus();
    const tooltip = page.locator('.chart-tooltip');
    expect(await tooltip.innerText()).toBe(await first.getAttribute('aria-label'));
    await page.keyboard.press('End');
    const last = page.locator('.funnel [data-mark]').last();
    const activeLabel = (await page.evaluate("document.activeElement.getAttribute('aria-label')")) as string;
    expect(activeLabel).toBe(await last.getAttribute('aria-label'));
    const name = (await last.getAttribute('aria-label'))!.split(':')[0]!;
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/\?practice=/);
    await page.locator('#rates-heading', { hasText: name }).waitFor();
  });

  it('compares providers, reads an inverse measure in its direction, and keeps the view in the URL', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/measures/cms122`);
    const api = await apiJson<ApiMeasure>(page, `${seeded}/api/measures/cms122?level=provider`);
    expect(api.measure.inverse).toBe(true);
    expect(await page.locator('.lede').innerText()).toContain('lower is better');
    for (const label of await page.locator('main svg .axis-label').allTextContents()) if (label.startsWith('Performance rate') || label.startsWith('Rate (')) expect(label).toContain('lower is better');

    await page.getByLabel('Compare', { exact: true }).selectOption('provider');
    await page.waitForURL(`${seeded}/measures/cms122?level=provider`);
    await page.getByRole('button', { name: /^Provider/ }).waitFor();
    const rows = await entityRows(page);
    expect(rows).toHaveLength(api.providers.length);
    expect(rows.map((r) => r[0]).sort()).toEqual(api.providers.map((p) => p.name).sort());

    await page.getByLabel('Stratify by', { exact: true }).selectOption('sex');
    await page.waitForURL(`${seeded}/measures/cms122?level=provider&by=sex`);
    await page.reload();
    await page.locator('#strata-title', { hasText: 'Rate by sex' }).waitFor();
    expect(await entityRows(page)).toHaveLength(api.providers.length);

    // One practice's providers: only theirs, as the API sends them.
    const practiceId = api.providers.find((p) => p.practice_id !== null)!.practice_id!;
    const own = await apiJson<ApiMeasure>(page, `${seeded}/api/measures/cms122?level=provider&practice=${practiceId}`);
    expect(own.providers.length).toBeGreaterThan(0);
    expect(own.providers.length).toBeLessThan(api.providers.length);
    expect(own.providers.every((p) => p.practice_id === practiceId)).toBe(true);
    await page.getByLabel('Providers of', { exact: true }).selectOption(practiceId);
    await page.waitForURL(`${seeded}/measures/cms122?level=provider&by=sex&practice=${practiceId}`);
    await expect.poll(async () => (await entityRows(page)).map((r) => r[0]).sort()).toEqual(own.providers.map((p) => p.name).sort());
    expect(await page.locator('.funnel [data-mark]').count()).toBe(own.providers.filter((p) => p.performance_rate !== null && p.performance_denominator > 0).length);
  });

  it('says so for a measure that does not exist', async () => {
    const page = browser.page();
    browser.allowConsoleError(/status of 404/);
    await openScreen(page, `${seeded}/measures/cms999`);
    expect(await page.getByRole('alert').innerText()).toContain('Could not load measure cms999.');
    expect(await page.getByRole('link', { name: 'Network overview' }).count()).toBe(1);
  });
});
