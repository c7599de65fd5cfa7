// Navigation works from the keyboard, moves focus to the new screen's heading, the URL (screen + filters)
// survives a reload and the back button, and a medical director can go network → measure → practice →
// worklist → patient by following links alone.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiJson, browserSuite, openScreen, readTable } from './browser.ts';

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
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      stops.push((await focused(page)).text);
    }
    expect(stops).toEqual(['Skip to main content', 'Caliper', 'Overview', 'Care gaps', 'Data sources']);
    await browser.screenshot('keyboard-focus');

    await page.keyboard.press('Enter');
    await page.waitForURL(`${seeded}/sources`);
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Data sources' });
    expect(await page.getByRole('link', { name: 'Data sources' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Data sources · Caliper');

    await page.getByRole('link', { name: 'Care gaps' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${seeded}/worklist`);
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Care-gap worklist' });
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
    const { practices } = await apiJson<{ practices: { practice_id: string }[] }>(page, `${seeded}/api/sources`);
    const ids = practices.map((p) => p.practice_id);
    expect(await practiceIds(page)).toEqual(ids);
    const [first, second] = ids as [string, string];

    await page.getByLabel('Practice', { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(`${seeded}/sources?practice=${first}`);
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(`${seeded}/sources?practice=${second}`);
    expect(await practiceIds(page)).toEqual([second]);

    await page.reload();
    await page.locator('table[aria-labelledby="practices-heading"]').waitFor();
    expect(await practiceIds(page)).toEqual([second]);
    expect(await page.getByLabel('Practice', { exact: true }).inputValue()).toBe(second);

    await page.goBack();
    await page.waitForURL(`${seeded}/sources?practice=${first}`);
    expect(await practiceIds(page)).toEqual([first]);
  });

  it('goes network → measure → practice → worklist → patient by links, without a dead end', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    await page.getByRole('link', { name: 'Controlling High Blood Pressure', exact: true }).click();
    await page.waitForURL(`${seeded}/measures/cms165`);
    await page.locator('#compare-heading').waitFor();

    const practice = page.locator('table[aria-labelledby="compare-heading"] tbody th a').first();
    const practiceName = await practice.innerText();
    await practice.click();
    await page.waitForURL(/\/\?practice=P\d+$/);
    await page.locator('#rates-heading', { hasText: practiceName }).waitFor();

    await page.getByRole('link', { name: `All open care gaps at ${practiceName}` }).click();
    await page.waitForURL(/\/worklist\?practice=P\d+$/);
    const patient = page.locator('.gap-table tbody tr[aria-rowindex="2"] th a');
    await patient.waitFor();
    const name = await patient.innerText();
    await patient.click();
    await page.waitForURL(/\/patients\//);
    await page.locator('main h1', { hasText: name }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h1' });

    // and back up: the patient's practice and each measure lead on
    await page.locator('table[aria-labelledby="outcomes-heading"] tbody th a').first().click();
    await page.waitForURL(/\/measures\//);
    await page.getByRole('link', { name: 'Network overview' }).click();
    await page.waitForURL(`${seeded}/`);
  });
});
