// Browser harness: Debian's Chromium through playwright-core (no browser downloads work here),
// one page per test file (each test starts with its own goto; a new context costs ~0.3 s on this
// 2-core machine), and a test failure for any console error or uncaught page error during the test.
// Each file's page starts signed in as the demo network user on both test servers.
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import type { Role } from '../../server/auth/viewer.ts';

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
    for (const url of [inject('seededUrl'), inject('emptyUrl')]) await signIn(page, url, 'network');
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

/** Sign the page in to the server at `baseUrl` as the demo user of `role` (the first, for 'practice': P01). */
export async function signIn(page: Page, baseUrl: string, role: Role): Promise<void> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { username: user.username, password: user.password } });
  if (!res.ok()) throw new Error(`sign-in as ${user.username} at ${baseUrl} failed: ${res.status()}`);
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

/** GET an API path as the page's signed-in user (its cookies; node's fetch has no session). */
export async function apiJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  if (!response.ok()) throw new Error(`GET ${url}: ${response.status()}`);
  return (await response.json()) as T;
}

/** GET an Arrow IPC endpoint (the worklist) as the page's signed-in user, decoded. */
export async function apiArrow(page: Page, url: string): Promise<Table> {
  const response = await page.request.get(url);
  if (!response.ok()) throw new Error(`GET ${url}: ${response.status()}`);
  return tableFromIPC(await response.body());
}

/** "70.4%" → 70.4; "–" → null */
export const parsePercent = (text: string | undefined): number | null => (text === '–' ? null : Number((text ?? '').replace(/%$/, '')));
