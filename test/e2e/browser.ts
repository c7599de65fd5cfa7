// Browser harness: Debian's Chromium through playwright-core (no browser downloads work here),
// one page per test file (each test starts with its own goto; a new context costs ~0.3 s on this
// 2-core machine), and a test failure for any console error or uncaught page error during the test.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const SCREENSHOTS = path.resolve('test-output', 'screenshots');

export interface BrowserSuite {
  /** The file's page. */
  page(): Page;
  /** Accept console errors matching `pattern` in this test only (for tests that provoke an error on purpose). */
  allowConsoleError(pattern: RegExp): void;
  screenshot(name: string): Promise<void>;
}

/** Registers the hooks of a browser test file; call once at its top level. */
export function browserSuite(): BrowserSuite {
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  let allowed: RegExp[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    errors = [];
    allowed = [];
  });
  afterEach(async () => {
    await page.unrouteAll();
    expect(errors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
  });

  return {
    page: () => page,
    allowConsoleError: (pattern) => allowed.push(pattern),
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}

/** Open an app URL and wait until its screen rendered and finished loading its data. */
export async function openScreen(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('main h1').waitFor();
  // The heading and the loading state render together, so once the heading is there, waiting for
  // the loading state to go covers data screens and static ones alike.
  await page.locator('.state-loading').waitFor({ state: 'detached' });
}

export interface TableText {
  head: string[];
  /** body rows with one cell per column (practice group header rows left out) */
  body: string[][];
  foot: string[][];
}

/** The text of a table named by the heading it is labelled by. */
export async function readTable(page: Page, headingId: string): Promise<TableText> {
  const table = page.locator(`table[aria-labelledby="${headingId}"]`);
  const rows = async (selector: string) => {
    const texts: string[][] = [];
    for (const row of await table.locator(selector).all()) texts.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()));
    return texts;
  };
  const head = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  return { head, body: (await rows('tbody tr')).filter((r) => r.length === head.length), foot: await rows('tfoot tr') };
}

/** "12,480" → 12480 */
export const parseCount = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));
