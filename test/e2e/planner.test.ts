// The ACO planner on the sample network (its CCLF claims give the inputs): the screen shows the settlement the
// API computes, moving a slider changes the payment and puts the scenario in the URL (it survives a reload),
// every chart has its marks and its numbers as a table, the capitation statement lists every practice, and
// axe-core finds no serious or critical violations. On an empty database the screen says what is missing.
// The sample network's CCLF files (data-samples/cclf/) give the planner its inputs.
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiJson, browserSuite, openScreen, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

interface ApiScenario {
  inputs: { expenditurePerCapita: number; assignedBeneficiaries: number };
  settlement: { net: number };
  waterfall: { label: string; value: number }[];
  tracks: unknown[];
}

const dollars = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);

/** The scenario the API settles for the page's current URL. */
async function apiScenarioOfPage(page: Page): Promise<ApiScenario> {
  const query = new URL(page.url()).searchParams;
  return apiJson<ApiScenario>(page, `${seeded}/api/planner/scenario?${query}`);
}

async function paymentShown(page: Page): Promise<string> {
  await page.locator('.planner-results [aria-busy="false"]').waitFor();
  return page.locator('#planner-payment').innerText();
}

async function seriousViolations(page: Page) {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const { axe: injected } = globalThis as unknown as { axe: typeof axe };
    const result = await injected.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('ACO planner', () => {
  it('shows the API settlement, and a slider changes the payment and the URL', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/planner`);
    expect(await page.locator('main h1').innerText()).toBe('ACO participation planner');
    expect(await page.title()).toBe('ACO planner · Caliper');
    const before = await apiScenarioOfPage(page);
    expect(await paymentShown(page)).toBe(dollars(before.settlement.net));

    // Spending down from a loss (or up from savings) must move the payment: Home/End jump the slider to its end.
    const slider = page.getByRole('slider', { name: 'Expenditures per capita' });
    await slider.focus();
    await page.keyboard.press(before.settlement.net > 0 ? 'End' : 'Home');
    await page.waitForURL(/expenditure=/);
    await expect.poll(() => paymentShown(page)).not.toBe(dollars(before.settlement.net));
    const after = await apiScenarioOfPage(page);
    expect(after.inputs.expenditurePerCapita).not.toBe(before.inputs.expenditurePerCapita);
    expect(await paymentShown(page)).toBe(dollars(after.settlement.net));
    expect(await page.locator('#planner-expenditure-source').innerText()).toBe('your value');

    // The waterfall's numbers end at the payment; the scenario survives a reload.
    await page.locator('main details').first().evaluate((d) => d.setAttribute('open', ''));
    const waterfall = page.locator('table[aria-label="Settlement waterfall"] tbody tr');
    expect(await waterfall.count()).toBe(9);
    expect((await waterfall.last().locator('td').first().innerText()).trim()).toBe(dollars(after.settlement.net));
    await page.reload();
    await page.locator('main h1').waitFor();
    expect(await paymentShown(page)).toBe(dollars(after.settlement.net));
  });

  it('draws the waterfall, tracks, outcomes and peers with focusable marks, the capitation statement, and passes axe', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/planner?track=ENHANCED`);
    const scenario = await apiScenarioOfPage(page);
    await paymentShown(page);
    expect(await page.locator('figure[aria-labelledby="waterfall-title"] [data-mark]').count()).toBe(9);
    expect(await page.locator('figure[aria-labelledby="tracks-title"] [data-mark]').count()).toBe(scenario.tracks.length);
    expect(await page.locator('figure[aria-labelledby="outcomes-title"] [data-mark]').count()).toBeGreaterThan(1);
    const peers = page.locator('figure[aria-labelledby="peers-title"] [data-mark]');
    await peers.first().waitFor();
    expect(await peers.count()).toBeGreaterThan(400);
    expect(await peers.first().getAttribute('aria-label')).toMatch(/^Your network/);

    // Keyboard: one Tab stop per chart, arrow keys move between marks and show their tooltip.
    const firstBar = page.locator('figure[aria-labelledby="waterfall-title"] [data-mark]').first();
    await firstBar.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator(':focus').getAttribute('aria-label')).toMatch(/^Expenditures: /);

    const statement = await readTable(page, 'capitation-heading');
    expect(statement.head[0]).toBe('Practice');
    expect(statement.body.length).toBe(12);
    expect(statement.foot[0]![0]).toBe('All practices');

    for (const details of await page.locator('main details').all()) await details.evaluate((d) => d.setAttribute('open', ''));
    await browser.screenshot('planner');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says what is missing on a network without Medicare claims', async () => {
    const page = browser.page();
    await openScreen(page, `${empty}/planner`);
    expect(await page.locator('.state-empty').innerText()).toMatch(/No Medicare claims/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
