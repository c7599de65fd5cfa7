// The patient screen shows what GET /api/patients/:id says: demographics, attribution, every measure's
// status with its deciding record and source ids, and the timeline; an unknown patient is an error state.
import { describe, expect, inject, it } from 'vitest';
import { apiArrow, apiJson, browserSuite, openScreen, readTable } from './browser.ts';

const seeded = inject('seededUrl');
const browser = browserSuite();

interface ApiPatient {
  patient: { patient_id: string; name: string; birth_date: string | null };
  attribution: { practice_name: string } | null;
  records: { source_patient_id: string }[];
  measures: { title: string; gap: boolean; denominator_exclusion: boolean; denominator_exception: boolean; evidence_source_id: string | null }[];
  timeline: { record_id: string; source_id: string | null }[];
}

describe('patient', () => {
  it('shows the same demographics, outcomes, records and timeline as the API', async () => {
    const page = browser.page();
    await openScreen(page, `${seeded}/`);
    const gaps = await apiArrow(page, `${seeded}/api/worklist?practice=P02`);
    const id = String(gaps.getChild('patient_id')!.get(0));
    const api = await apiJson<ApiPatient>(page, `${seeded}/api/patients/${id}`);

    await openScreen(page, `${seeded}/patients/${id}`);
    expect(await page.locator('main h1').innerText()).toBe(api.patient.name);
    expect(await page.locator('.facts').first().innerText()).toContain(api.patient.patient_id);
    if (api.attribution) expect(await page.locator('section[aria-labelledby="attribution-heading"]').innerText()).toContain(api.attribution.practice_name);

    const records = await readTable(page, 'records-heading');
    expect(records.body.map((r) => r[1])).toEqual(api.records.map((r) => r.source_patient_id));

    const outcomes = await readTable(page, 'outcomes-heading');
    expect(outcomes.body).toHaveLength(api.measures.length);
    for (const [i, m] of api.measures.entries()) {
      const [title, status, , evidence] = outcomes.body[i]!;
      expect(title).toContain(m.title);
      expect(status === 'Open gap', m.title).toBe(m.gap && !m.denominator_exclusion && !m.denominator_exception);
      if (m.evidence_source_id) expect(evidence).toContain(m.evidence_source_id);
    }
    expect(api.measures.some((m) => m.gap)).toBe(true);

    const entries = page.locator('.timeline li');
    expect(await entries.count()).toBe(api.timeline.length);
    for (const [i, t] of api.timeline.entries()) {
      const text = await entries.nth(i).innerText();
      expect(text).toContain(t.record_id);
      if (t.source_id) expect(text).toContain(t.source_id);
    }
  });

  it('says so for a patient that does not exist', async () => {
    const page = browser.page();
    browser.allowConsoleError(/status of 404/);
    await openScreen(page, `${seeded}/patients/no-such-patient`);
    expect(await page.getByRole('alert').innerText()).toContain('Could not load patient no-such-patient.');
    expect(await page.getByRole('link', { name: 'Care-gap worklist' }).count()).toBe(1);
  });
});
