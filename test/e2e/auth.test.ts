// Sign-in, sign-out and the admin screens in the browser. The signed-out API answers 401, which Chromium
// logs as a failed resource load: those console lines are expected here.
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/auth/demo-users.ts';
import { browserSuite, openScreen, readTable, signIn } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();
const HAPPY = path.resolve(import.meta.dirname, '..', 'fixtures', 'ingest', 'fhir', 'happy');

describe('sign-in', () => {
  it('shows the sign-in form when signed out, then the screen the URL names, and signs out', async () => {
    browser.allowConsoleError(/401/);
    const page = browser.page();
    await page.context().clearCookies();
    await page.goto(`${seeded}/sources`);
    await page.getByRole('heading', { name: 'Sign in to Caliper' }).waitFor();
    expect(await page.title()).toBe('Sign in · Caliper');
    await browser.screenshot('sign-in');

    await page.getByLabel('Username').fill('p01');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('Wrong username or password');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main h1', { hasText: 'Data sources' }).waitFor();
    expect(await page.locator('.user-menu').innerText()).toContain('p01');
    expect(await page.locator('.user-menu').innerText()).toContain('Practice (P01)');
    // No admin screens in a practice user's navigation.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Caliper' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Caliper' }).waitFor();
  });
});

describe('admin screens', () => {
  it('lists users and adds one', async () => {
    const page = browser.page();
    await signIn(page, seeded, 'admin');
    await openScreen(page, `${seeded}/admin/users`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Users', 'Audit log', 'Upload']) expect(await nav.getByRole('link', { name }).count()).toBe(1);
    const before = await readTable(page, 'users-heading');
    expect(before.head).toEqual(['Username', 'Role', 'Practices', 'Status', 'Sessions', 'Action']);
    expect(before.body.map((r) => r.slice(0, 3))).toContainEqual(['p02', 'practice', 'P02']);

    await page.getByLabel('Username').fill('dr.ortiz');
    await page.getByLabel('Password (at least 12 characters)').fill('a long enough password');
    await page.getByLabel('Role').selectOption('practice');
    await page.getByLabel('Practice ids (comma-separated)').fill('P01, P03');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'Added dr.ortiz.' }).waitFor();
    await page.locator('table[aria-labelledby="users-heading"] th', { hasText: 'dr.ortiz' }).waitFor();
    const after = await readTable(page, 'users-heading');
    expect(after.body.find((r) => r[0] === 'dr.ortiz')!.slice(0, 4)).toEqual(['dr.ortiz', 'practice', 'P01, P03', 'active']);
    await browser.screenshot('admin-users');
  });

  it('pages the audit log', async () => {
    const page = browser.page();
    await signIn(page, seeded, 'admin');
    await openScreen(page, `${seeded}/admin/audit`);
    expect(await page.locator('main h1').innerText()).toBe('Audit log');
    expect(await page.locator('#audit-heading').innerText()).toMatch(/^\d[\d,]* entries$/);
    expect(await page.getByRole('navigation', { name: 'Audit log pages' }).innerText()).toContain('Page 1 of');
  });

  it('refuses an upload without source.json and says why', async () => {
    const page = browser.page();
    await signIn(page, seeded, 'admin');
    browser.allowConsoleError(/400/);
    await openScreen(page, `${seeded}/admin/upload`);
    await page.getByLabel('Practice id (as in source.json)').fill('HAPPY');
    await page.getByLabel('Files').setInputFiles([path.join(HAPPY, 'Patient.ndjson')]);
    await page.getByRole('button', { name: 'Upload and load' }).click();
    expect(await page.getByRole('alert').innerText()).toBe("Include the practice's source.json");
  });
});
