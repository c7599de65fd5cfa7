// Every screen loads on the sample network (and its empty states on an empty database) without console or
// page errors (browserSuite fails the test on any), is saved as a screenshot (test-output/screenshots/),
// and passes axe-core with no serious or critical violations.
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiArrow, browserSuite, openScreen } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

/** A patient with an open gap, from the worklist the screen's user sees. */
async function aPatient(page: Page): Promise<string> {
  const gaps = await apiArrow(page, `${seeded}/api/worklist?practice=P01`);
  return String(gaps.getChild('patient_id')!.get(0));
}

const screens: { name: string; url: (page: Page) => Promise<string> | string; title: string; heading: string | RegExp }[] = [
  { name: 'overview', url: () => `${seeded}/`, title: 'Overview', heading: 'Network overview' },
  { name: 'overview-one-practice', url: () => `${seeded}/?practice=P02`, title: 'Overview', heading: 'Network overview' },
  { name: 'measure', url: () => `${seeded}/measures/cms165`, title: 'Measure', heading: 'Controlling High Blood Pressure' },
  { name: 'measure-inverse-providers', url: () => `${seeded}/measures/cms122?level=provider&by=race`, title: 'Measure', heading: /^Diabetes: Glycemic Status/ },
  { name: 'worklist', url: () => `${seeded}/worklist?practice=P01`, title: 'Care gaps', heading: 'Care-gap worklist' },
  { name: 'patient', url: async (page) => `${seeded}/patients/${await aPatient(page)}`, title: 'Patient', heading: /\S/ },
  { name: 'sources', url: () => `${seeded}/sources`, title: 'Data sources', heading: 'Data sources' },
  { name: 'overview-empty', url: () => `${empty}/`, title: 'Overview', heading: 'Network overview' },
  { name: 'worklist-empty', url: () => `${empty}/worklist`, title: 'Care gaps', heading: 'Care-gap worklist' },
  { name: 'sources-empty', url: () => `${empty}/sources`, title: 'Data sources', heading: 'Data sources' },
  { name: 'not-found', url: () => `${seeded}/no/such/page`, title: 'Page not found', heading: 'Page not found' },
];

async function seriousViolations(page: Page) {
  // evaluate() runs outside the page's CSP (script-src 'self'), so axe is injected without loosening it.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const { axe: injected } = globalThis as unknown as { axe: typeof axe };
    const result = await injected.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('screens', () => {
  it.each(screens)('$name loads with no console errors and no serious or critical axe violations', async ({ name, url, title, heading }) => {
    const page = browser.page();
    await openScreen(page, await url(page));
    const h1 = await page.locator('main h1').innerText();
    if (typeof heading === 'string') expect(h1).toBe(heading);
    else expect(h1).toMatch(heading);
    expect(await page.title()).toBe(`${title} · Caliper`);
    expect(await page.getByRole('alert').count()).toBe(0);
    // Charts' number tables open too, so axe checks them and the screenshot shows them.
    for (const details of await page.locator('main details').all()) await details.evaluate((d) => d.setAttribute('open', ''));
    await browser.screenshot(name);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
