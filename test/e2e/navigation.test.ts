// Navigation works from the keyboard, moves focus to the new screen's heading, and the URL
// (screen + filters) survives a reload and the back button.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openScreen, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();

/** The focused element, described by its tag, accessible text and id. */
const focused = (page: Page) =>
  page.evaluate("(({ tagName, id, textContent }) => ({ tag: tagName.toLowerCase(), id, text: textContent.trim() }))(document.activeElement)") as Promise<{
    tag: string;
    id: string;
    text: string;
  }>;

const practiceIds = async (page: Page) => (await readTable(page, 'practices-heading')).body.map((r) => r[0]!.match(/\((\w+)\)$/)?.[1]);

describe('navigation', () => {
  it('reaches every screen with Tab and Enter, and focuses the new heading', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      stops.push((await focused(page)).text);
    }
    expect(stops).toEqual(['Skip to main content', 'Caliper', 'Overview', 'Data sources']);
    await browser.screenshot('keyboard-focus');

    await page.keyboard.press('Enter');
    await page.waitForURL(`${seeded}/sources`);
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Data sources' });
    expect(await page.getByRole('link', { name: 'Data sources' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Data sources · Caliper');

    await page.keyboard.press('Shift+Tab'); // back into the header: Measures, Data sources, then Overview
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('Overview');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${seeded}/`);
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Network overview' });
  });

  it('skip link moves focus to the main content', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/sources`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main' });
  });

  it('keeps the practice filter in the URL through reload and back', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/sources`);
    expect(await practiceIds(page)).toEqual(['P01', 'P02', 'P03']);

    await page.getByLabel('Practice', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // P01
    await page.keyboard.press('ArrowDown'); // P02
    await page.waitForURL(`${seeded}/sources?practice=P02`);
    expect(await practiceIds(page)).toEqual(['P02']);

    await page.reload();
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(await practiceIds(page)).toEqual(['P02']);
    expect(await page.getByLabel('Practice', { exact: true }).inputValue()).toBe('P02');

    await page.goBack();
    await page.waitForURL(`${seeded}/sources?practice=P01`);
    expect(await practiceIds(page)).toEqual(['P01']);
  });
});
