// The care-gap worklist shows what GET /api/worklist (Arrow) sends for its filters, searches, filters by
// reason and sorts through the URL, downloads what it shows as CSV, leads to the patient, and renders the
// first rows of a 100k-gap list within a second of the data arriving, scrolling to the last.
import fs from 'node:fs';
import { DateDay, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiArrow, browserSuite, openScreen, parseCount } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();

const gapCount = async (page: Page) => parseCount(await page.locator('#gap-count').innerText());
const firstPatient = (page: Page) => page.locator('.gap-table tbody tr[aria-rowindex="2"] th a');

/** Wait until the worklist shows its answer (the first, when the screen opens). */
async function settled(page: Page): Promise<void> {
  await page.locator('.load-content[aria-busy="false"] #gap-count').waitFor();
}

/** Run `act` (a filter change), then wait for the worklist request it causes and for its answer on screen. */
async function settledAfter(page: Page, request: (url: URL) => boolean, act: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse((r) => r.url().includes('/api/worklist') && request(new URL(r.url())));
  await act();
  await response;
  await settled(page);
}

/** n generated open gaps with the worklist's columns and Arrow types. */
function generatedGaps(n: number): Uint8Array {
  const text = (f: (i: number) => string | null) => vectorFromArray(Array.from({ length: n }, (_, i) => f(i)), new Utf8());
  const date = (f: (i: number) => number | null) =>
    vectorFromArray(Array.from({ length: n }, (_, i) => { const d = f(i); return d === null ? null : new Date(d); }), new DateDay());
  const day = 86_400_000;
  const table = new Table({
    patient_id: text((i) => `gen-${i}`),
    patient_name: text((i) => `PATIENT, Number ${String(i).padStart(6, '0')}`),
    birth_date: date((i) => Date.UTC(1940, 0, 1) + (i % 20_000) * day),
    sex: text((i) => (i % 2 ? 'female' : 'male')),
    measure_id: text(() => 'cms165'),
    group_id: text(() => 'Group_1'),
    practice_id: text((i) => `P${String((i % 12) + 1).padStart(2, '0')}`),
    provider_id: text(() => null),
    gap_reason: text((i) => (i % 3 ? 'NotFound' : 'ValueOutOfRange')),
    gap_text: text(() => 'Most recent blood pressure not below 140/90'),
    evidence_date: date((i) => (i % 3 ? null : Date.UTC(2026, 0, 1) + (i % 300) * day)),
    evidence_value: text((i) => (i % 3 ? null : '150/95 mm[Hg]')),
    close_action: text(() => 'Recheck blood pressure at a visit'),
    close_by: date(() => Date.UTC(2026, 11, 31)),
    last_visit: date((i) => Date.UTC(2026, 0, 1) + (i % 320) * day),
  });
  return tableToIPC(table, 'stream');
}

describe('worklist', () => {
  it('shows the API rows for a practice and measure; searches, filters by reason and sorts through the URL', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/worklist?practice=P01&measure=cms165`);
    await settled(page);
    const api = await apiArrow(page, `${seeded}/api/worklist?practice=P01&measure=cms165`);
    expect(api.numRows).toBeGreaterThan(0);
    expect(await gapCount(page)).toBe(api.numRows);
    expect(await firstPatient(page).innerText()).toBe(String(api.getChild('patient_name')!.get(0)));
    // Only the rows in view are in the DOM.
    expect(await page.locator('.gap-table tbody tr:not(.spacer)').count()).toBeLessThanOrEqual(Math.min(api.numRows, 40));

    const name = String(api.getChild('patient_name')!.get(0));
    const family = name.split(',')[0]!;
    await settledAfter(page, (url) => url.searchParams.get('q') === family, () => page.getByLabel('Search name or patient id').fill(family));
    await page.waitForURL((url) => url.searchParams.get('q') === family);
    const searched = await apiArrow(page, `${seeded}/api/worklist?practice=P01&measure=cms165&q=${encodeURIComponent(family)}`);
    expect(await gapCount(page)).toBe(searched.numRows);

    await settledAfter(page, (url) => !url.searchParams.has('q'), () => page.getByLabel('Search name or patient id').fill(''));
    await page.waitForURL((url) => !url.searchParams.has('q'));
    const reasons = [...api.getChild('gap_reason')!].map(String);
    const reason = reasons[0]!;
    await page.getByLabel('Why open', { exact: true }).selectOption(reason);
    await page.waitForURL((url) => url.searchParams.get('reason') === reason);
    expect(await gapCount(page)).toBe(reasons.filter((r) => r === reason).length);

    await page.getByRole('button', { name: /^Patient/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'patient_name' && url.searchParams.get('dir') === 'asc');
    await page.getByRole('button', { name: /^Patient/ }).click();
    await page.waitForURL((url) => url.searchParams.get('dir') === 'desc');
    const names = [...api.getChild('patient_name')!].map(String).filter((_, i) => reasons[i] === reason);
    expect(await firstPatient(page).innerText()).toBe(names.reduce((a, b) => (b > a ? b : a)));
  });

  it('downloads the rows it shows as CSV', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/worklist?practice=P02&measure=cms165`);
    await settled(page);
    const shown = await gapCount(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('care-gaps-P02-cms165.csv');
    const lines = fs.readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('patient_id,patient_name,birth_date,sex,measure_id,group_id,practice_id,provider_id,gap_reason,gap_text,evidence_date,evidence_value,close_action,close_by,last_visit');
    expect(lines).toHaveLength(shown + 1);
    expect(lines.slice(1).every((l) => l.includes(',cms165,') && l.includes(',P02,'))).toBe(true);
  });

  it('leads to the patient behind a gap', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/worklist?practice=P01`);
    await settled(page);
    const name = await firstPatient(page).innerText();
    await firstPatient(page).click();
    await page.waitForURL(/\/patients\//);
    await page.locator('main h1', { hasText: name }).waitFor();
    await page.locator('#outcomes-heading').waitFor();
  });

  it('renders the first of 100,000 gaps within 1 s of the data arriving and scrolls to the last', async () => {
    const page = browser.page();
    const body = Buffer.from(generatedGaps(100_000));
    await page.route('**/api/worklist*', (route) => route.fulfill({ status: 200, contentType: 'application/vnd.apache.arrow.stream', body }));
    await page.goto(`${seeded}/worklist`);
    // Both instants on the page's clock: the response's last byte (resource timing) and the first row in the
    // DOM (polled every animation frame), so the test's own transfer of the 100k rows into the page is not counted.
    const rendered = (await (
      await page.waitForFunction(
        () => {
          const { document, performance } = globalThis as unknown as { document: { querySelector(s: string): unknown }; performance: { now(): number } };
          return document.querySelector('.gap-table tr[aria-rowindex="2"]') !== null && performance.now();
        },
        null,
        { polling: 'raf' },
      )
    ).jsonValue()) as number;
    const arrived = (await page.evaluate("performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/worklist')).at(-1).responseEnd")) as number;
    const elapsed = Math.round(rendered - arrived);
    expect(await firstPatient(page).innerText()).toBe('PATIENT, Number 000000');
    expect(elapsed).toBeLessThan(1000);
    expect(await gapCount(page)).toBe(100_000);
    expect(await page.locator('.gap-table tbody tr:not(.spacer)').count()).toBeLessThan(60);

    await page.locator('.gap-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.locator('.gap-table tbody tr[aria-rowindex="100001"]').waitFor();
    expect(await page.locator('.gap-table tbody tr[aria-rowindex="100001"] th a').innerText()).toBe('PATIENT, Number 099999');
    console.log(`100k-row worklist: first rows ${elapsed} ms after the data arrived (${(body.length / 1e6).toFixed(1)} MB Arrow)`);
  });
});
