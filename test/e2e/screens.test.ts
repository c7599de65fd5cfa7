// Every screen loads without console or page errors (browserSuite fails the test on any),
// is saved as a screenshot (test-output/screenshots/), and passes axe-core with no serious or critical violations.
import axe from 'axe-core';
import { describe, expect, inject, it } from 'vitest';
import { browserSuite, openScreen } from './browser.ts';

const seeded = inject('seededUrl');
const empty = inject('emptyUrl');
const browser = browserSuite();

const screens = [
  { name: 'overview', url: `${seeded}/`, title: 'Overview', heading: 'Network overview' },
  { name: 'sources', url: `${seeded}/sources`, title: 'Data sources', heading: 'Data sources' },
  { name: 'sources-one-practice', url: `${seeded}/sources?practice=P02`, title: 'Data sources', heading: 'Data sources' },
  { name: 'overview-empty', url: `${empty}/`, title: 'Overview', heading: 'Network overview' },
  { name: 'sources-empty', url: `${empty}/sources`, title: 'Data sources', heading: 'Data sources' },
  { name: 'measures', url: `${seeded}/measures`, title: 'Measures', heading: 'Quality measures' },
  { name: 'measures-one-practice', url: `${seeded}/measures?practice=P02`, title: 'Measures', heading: 'Quality measures' },
  { name: 'measures-empty', url: `${empty}/measures`, title: 'Measures', heading: 'Quality measures' },
  { name: 'not-found', url: `${seeded}/no/such/page`, title: 'Page not found', heading: 'Page not found' },
];

describe('screens', () => {
  it.each(screens)('$name loads with no console errors and no serious or critical axe violations', async ({ name, url, title, heading }) => {
    const page = browser.page();
    await openScreen(page, url);
    expect(await page.locator('main h1').innerText()).toBe(heading);
    expect(await page.title()).toBe(`${title} · Caliper`);
    await browser.screenshot(name);

    // evaluate() runs outside the page's CSP (script-src 'self'), so axe is injected without loosening it.
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const { axe: injected } = globalThis as unknown as { axe: typeof axe };
      const result = await injected.run({ resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
