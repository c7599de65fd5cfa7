import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { computeAttribution, loadAttributionReference } from '../../server/measures/attribution.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { Network, REFDATA } from './fixture.ts';

const PERIOD = { periodStart: '2025-01-01', periodEnd: '2025-12-31' };

let db: Database;
let net: Network;

beforeEach(async () => {
  db = await memoryDb(2);
  await loadAttributionReference(db, REFDATA);
  net = new Network(db);
  await net.practice('P1', '111111111');
  await net.practice('P2', '222222222');
  await net.provider('P1/pcp-a', 'P1', { npi: '1000000001', specialty: '08' }); // family practice
  await net.provider('P1/pcp-b', 'P1', { npi: '1000000002', isPcp: true });
  await net.provider('P1/endo', 'P1', { npi: '1000000003', specialty: '46' }); // endocrinology: step 2
  await net.provider('P2/pcp-c', 'P2', { npi: '1000000004', specialty: '11' }); // internal medicine
  await net.provider('P2/np', 'P2', { npi: '1000000005', specialty: '50' }); // nurse practitioner: step 1
  await net.provider('P2/cardio', 'P2', { npi: '1000000006', specialty: '6', isPcp: false }); // cardiology, '6' = '06'
});
afterEach(() => db.close());

async function attribution(method: 'visits' | 'claims' = 'visits', period = PERIOD) {
  const summary = await computeAttribution(db, { ...period, method });
  const rows = await db.query(
    `SELECT patient_id, practice_id, provider_id, qualifying_visits, allowed_amount, last_visit, rule
     FROM patient_attribution WHERE method = $method AND period_start = $start::DATE ORDER BY patient_id`,
    { method, start: period.periodStart },
  );
  return { summary, rows, byPatient: new Map(rows.map((r) => [r.patient_id, r])) };
}

describe('reference lists', () => {
  it('loads the MSSP service codes, the Caliper extension and the verified specialties, and reloads in place', async () => {
    const counts = await db.query(
      `SELECT source, count(*) AS n FROM primary_care_service_code GROUP BY source
       UNION ALL SELECT source, count(*) FROM primary_care_specialty GROUP BY source ORDER BY source`,
    );
    expect(counts).toEqual([
      { source: 'primary_care_service_codes.csv', n: 405 },
      { source: 'primary_care_service_codes_extension.csv', n: 14 },
      { source: 'primary_care_specialty_codes.csv', n: 21 },
    ]);
    await loadAttributionReference(db, REFDATA);
    const [again] = await db.query('SELECT count(*) AS n FROM primary_care_service_code');
    expect(again?.n).toBe(419);
    const [phe] = await db.query(
      `SELECT valid_from, valid_to FROM primary_care_service_code WHERE code = '99442' AND cfr_paragraph LIKE '425.400(c)(2)%'`,
    );
    expect(phe).toEqual({ valid_from: '2020-01-01', valid_to: '2023-05-31' });
    const snf = await db.query(
      `SELECT DISTINCT excluded_place_of_service AS pos FROM primary_care_service_code WHERE code = '99309' AND valid_to IS NULL`,
    );
    expect(snf).toEqual([{ pos: '31' }]);
  });

  it('gives each provider one assignment step from is_pcp or its specialty', async () => {
    const roles = await db.query('SELECT provider_id, assignment_step, is_physician FROM provider_role ORDER BY provider_id');
    expect(roles).toEqual([
      { provider_id: 'P1/endo', assignment_step: 2, is_physician: true },
      { provider_id: 'P1/pcp-a', assignment_step: 1, is_physician: true },
      { provider_id: 'P1/pcp-b', assignment_step: 1, is_physician: true },
      { provider_id: 'P2/cardio', assignment_step: 2, is_physician: true },
      { provider_id: 'P2/np', assignment_step: 1, is_physician: false },
      { provider_id: 'P2/pcp-c', assignment_step: 1, is_physician: true },
    ]);
  });
});

describe('visit attribution', () => {
  it('attributes to the practice and provider with the most qualifying visits', async () => {
    await net.record('P1/r1', 'P1');
    await net.visit('P1/r1', 'P1', '2025-02-01', { providerId: 'P1/pcp-a' });
    await net.visit('P1/r1', 'P1', '2025-03-01', { providerId: 'P1/pcp-a', code: 'G0439' });
    await net.visit('P1/r1', 'P1', '2025-04-01', { providerId: 'P1/pcp-b', code: '99396' }); // Caliper extension code
    await net.record('P2/r1', 'P2', 'P1/r1'); // the same person at P2
    await net.visit('P2/r1', 'P2', '2025-11-01', { providerId: 'P2/pcp-c' });
    const { rows, summary } = await attribution();
    expect(rows).toEqual([
      {
        patient_id: 'P1/r1',
        practice_id: 'P1',
        provider_id: 'P1/pcp-a',
        qualifying_visits: 3,
        allowed_amount: null,
        last_visit: '2025-04-01',
        rule: 'visits:period',
      },
    ]);
    expect(summary).toMatchObject({ method: 'visits', attributed: 1, byRule: { 'visits:period': 1 } });
  });

  it('breaks a tie in visits by the most recent visit, then by the lowest id', async () => {
    await net.record('P1/tie', 'P1');
    await net.record('P2/tie', 'P2', 'P1/tie');
    await net.visit('P1/tie', 'P1', '2025-02-01', { providerId: 'P1/pcp-a' });
    await net.visit('P1/tie', 'P1', '2025-03-01', { providerId: 'P1/pcp-a' });
    await net.visit('P2/tie', 'P2', '2025-01-15', { providerId: 'P2/pcp-c' });
    await net.visit('P2/tie', 'P2', '2025-06-30', { providerId: 'P2/np' }); // most recent: P2 wins, and so does the NP
    await net.record('P1/same-day', 'P1');
    await net.visit('P1/same-day', 'P1', '2025-05-05', { providerId: 'P1/pcp-b' });
    await net.visit('P1/same-day', 'P1', '2025-05-05', { providerId: 'P1/pcp-a' }); // same day: lowest provider_id
    const { byPatient } = await attribution();
    expect(byPatient.get('P1/tie')).toMatchObject({ practice_id: 'P2', provider_id: 'P2/np', qualifying_visits: 2 });
    expect(byPatient.get('P1/same-day')).toMatchObject({ practice_id: 'P1', provider_id: 'P1/pcp-a' });
  });

  it('looks back 12 months when the period has no qualifying visit', async () => {
    await net.record('P1/old', 'P1');
    await net.visit('P1/old', 'P1', '2024-03-01', { providerId: 'P1/pcp-b' });
    await net.visit('P1/old', 'P1', '2024-12-31', { providerId: 'P1/pcp-b' });
    await net.record('P1/older', 'P1');
    await net.visit('P1/older', 'P1', '2023-12-31', { providerId: 'P1/pcp-b' }); // 13 months before: too old
    await net.record('P1/both', 'P1');
    await net.visit('P1/both', 'P1', '2024-06-01', { providerId: 'P1/pcp-a' });
    await net.visit('P1/both', 'P1', '2024-07-01', { providerId: 'P1/pcp-a' });
    await net.visit('P1/both', 'P1', '2025-01-02', { providerId: 'P1/pcp-b' }); // one visit in the period decides
    const { byPatient, summary } = await attribution();
    expect(byPatient.get('P1/old')).toMatchObject({
      practice_id: 'P1',
      provider_id: 'P1/pcp-b',
      qualifying_visits: 2,
      last_visit: '2024-12-31',
      rule: 'visits:lookback',
    });
    expect(byPatient.has('P1/older')).toBe(false);
    expect(byPatient.get('P1/both')).toMatchObject({ provider_id: 'P1/pcp-b', qualifying_visits: 1, rule: 'visits:period' });
    expect(summary.byRule).toEqual({ 'visits:lookback': 1, 'visits:period': 1 });
  });

  it('ignores specialists, non-primary-care codes, unfinished encounters and codes out of force', async () => {
    await net.record('P1/mixed', 'P1');
    await net.record('P2/mixed', 'P2', 'P1/mixed');
    await net.visit('P1/mixed', 'P1', '2025-01-10', { providerId: 'P1/pcp-a' });
    await net.visit('P2/mixed', 'P2', '2025-02-10', { providerId: 'P2/cardio' }); // not a PCP
    await net.visit('P2/mixed', 'P2', '2025-03-10', { providerId: 'P2/cardio' });
    await net.visit('P2/mixed', 'P2', '2025-04-10', { providerId: 'P2/pcp-c', code: '93000' }); // ECG: not primary care
    await net.visit('P2/mixed', 'P2', '2025-05-10', { providerId: 'P2/pcp-c', status: 'cancelled' });
    await net.visit('P2/mixed', 'P2', '2025-06-10', { providerId: 'P2/pcp-c', code: '99442' }); // PHE-only telephone E/M
    await net.visit('P2/mixed', 'P2', '2025-07-10', { providerId: 'P2/unknown' }); // not in the provider list
    await net.visit('P2/mixed', 'P2', '2025-08-10', { providerId: 'P2/pcp-c', system: 'LOINC' });
    const { rows } = await attribution();
    expect(rows).toEqual([expect.objectContaining({ patient_id: 'P1/mixed', practice_id: 'P1', qualifying_visits: 1 })]);
  });

  it('counts the PHE telephone codes only in windows that include a PHE month', async () => {
    await net.record('P1/phone', 'P1');
    await net.visit('P1/phone', 'P1', '2022-06-01', { providerId: 'P1/pcp-a', code: '99442' });
    const period2022 = { periodStart: '2022-01-01', periodEnd: '2022-12-31' };
    expect((await attribution('visits', period2022)).summary.attributed).toBe(1);
    await net.visit('P1/phone', 'P1', '2024-06-01', { providerId: 'P1/pcp-a', code: '99442' });
    expect((await attribution('visits', { periodStart: '2025-01-01', periodEnd: '2025-12-31' })).summary.attributed).toBe(0);
  });

  it('counts visits without a provider for the practice and takes the provider from its named visits', async () => {
    await net.record('P2/anon', 'P2');
    await net.record('P1/anon', 'P1', 'P2/anon');
    await net.visit('P2/anon', 'P2', '2025-01-01');
    await net.visit('P2/anon', 'P2', '2025-02-01');
    await net.visit('P2/anon', 'P2', '2025-03-01', { providerId: 'P2/pcp-c' });
    await net.visit('P1/anon', 'P1', '2025-04-01', { providerId: 'P1/pcp-a' });
    await net.visit('P1/anon', 'P1', '2025-05-01', { providerId: 'P1/pcp-a' });
    await net.record('P1/nobody', 'P1');
    await net.visit('P1/nobody', 'P1', '2025-06-01', { status: null });
    const { byPatient } = await attribution();
    expect(byPatient.get('P2/anon')).toMatchObject({ practice_id: 'P2', provider_id: 'P2/pcp-c', qualifying_visits: 3 });
    expect(byPatient.get('P1/nobody')).toMatchObject({ practice_id: 'P1', provider_id: null, qualifying_visits: 1 });
  });

  it('attributes a patient linked across two practices once, to the practice with more visits', async () => {
    await net.record('P1/linked', 'P1', 'E1');
    await net.record('P2/linked', 'P2', 'E1');
    await net.visit('P1/linked', 'P1', '2025-09-01', { providerId: 'P1/pcp-a' });
    await net.visit('P2/linked', 'P2', '2025-02-01', { providerId: 'P2/pcp-c' });
    await net.visit('P2/linked', 'P2', '2025-03-01', { providerId: 'P2/pcp-c' });
    const { rows } = await attribution();
    expect(rows).toEqual([expect.objectContaining({ patient_id: 'E1', practice_id: 'P2', provider_id: 'P2/pcp-c', qualifying_visits: 2 })]);
  });

  it('replaces the rows of the same period and method when recomputed', async () => {
    await net.record('P1/r', 'P1');
    await net.visit('P1/r', 'P1', '2025-02-01', { providerId: 'P1/pcp-a' });
    await attribution();
    await net.visit('P1/r', 'P1', '2025-03-01', { providerId: 'P1/pcp-a' });
    const { rows } = await attribution();
    expect(rows).toEqual([expect.objectContaining({ patient_id: 'P1/r', qualifying_visits: 2 })]);
  });
});

describe('claims attribution (42 CFR 425.402(b))', () => {
  it('step 1: plurality of allowed charges for primary care services by PCPs and NPPs, by billing TIN', async () => {
    await net.record('P1/c1', 'P1');
    await net.claim('P1/c1', 'P1', '2025-02-01', { npi: '1000000001', tin: '111111111', allowed: 100 });
    await net.claim('P1/c1', 'P1', '2025-03-01', { npi: '1000000002', tin: '111111111', allowed: 150, code: 'G0439' });
    await net.claim('P1/c1', 'P1', '2025-04-01', { npi: '1000000006', tin: '222222222', allowed: 900 }); // step 2: not used
    await net.claim('P1/c1', 'P1', '2025-05-01', { npi: '1000000005', tin: '222222222', allowed: 200 }); // NP at P2
    const { byPatient, summary } = await attribution('claims');
    expect(byPatient.get('P1/c1')).toEqual({
      patient_id: 'P1/c1',
      practice_id: 'P1',
      provider_id: 'P1/pcp-b',
      qualifying_visits: 2,
      allowed_amount: 250,
      last_visit: '2025-03-01',
      rule: 'claims:step1',
    });
    expect(summary.byRule).toEqual({ 'claims:step1': 1 });
  });

  it('step 2: with no PCP/NPP service, plurality of charges by the 425.402(c) specialists', async () => {
    await net.record('P1/c2', 'P1');
    await net.claim('P1/c2', 'P1', '2025-02-01', { npi: '1000000006', tin: '222222222', allowed: 300 }); // cardiology
    await net.claim('P1/c2', 'P1', '2025-03-01', { npi: '1000000003', tin: '111111111', allowed: 200 }); // endocrinology
    const { byPatient } = await attribution('claims');
    expect(byPatient.get('P1/c2')).toMatchObject({
      practice_id: 'P2',
      provider_id: 'P2/cardio',
      allowed_amount: 300,
      rule: 'claims:step2',
    });
  });

  it('does not attribute a patient whose plurality is billed outside the network, or without a network physician service', async () => {
    await net.record('P1/leak', 'P1');
    await net.claim('P1/leak', 'P1', '2025-02-01', { npi: '1000000001', tin: '999999999', allowed: 400 });
    await net.claim('P1/leak', 'P1', '2025-03-01', { npi: '1000000001', tin: '111111111', allowed: 100 });
    await net.record('P1/outside', 'P1');
    await net.claim('P1/outside', 'P1', '2025-02-01', { npi: '1000000001', tin: '999999999', allowed: 50 });
    await net.record('P2/np-only', 'P2'); // (b)(1) needs a physician's service in the network, not only an NP's
    await net.claim('P2/np-only', 'P2', '2025-02-01', { npi: '1000000005', tin: '222222222', allowed: 50 });
    const { rows } = await attribution('claims');
    expect(rows).toEqual([]);
  });

  it('counts only MSSP primary care codes, skips SNF nursing-facility services, and uses the sender without a TIN', async () => {
    await net.record('P2/c3', 'P2');
    await net.claim('P2/c3', 'P2', '2025-02-01', { npi: '1000000001', tin: '111111111', allowed: 500, code: '99396' }); // extension only
    await net.claim('P2/c3', 'P2', '2025-03-01', { npi: '1000000001', tin: '111111111', allowed: 500, code: '93000' });
    await net.claim('P2/c3', 'P2', '2025-04-01', { npi: '1000000001', tin: '111111111', allowed: 500, code: '99309', pos: '31' });
    await net.claim('P2/c3', 'P2', '2025-05-01', { npi: '1000000001', tin: '111111111', allowed: 80, code: '99309', pos: '32' });
    await net.claim('P2/c3', 'P2', '2025-06-01', { npi: '1000000004', tin: null, allowed: 90 }); // sent by P2, no TIN
    const { byPatient } = await attribution('claims');
    expect(byPatient.get('P2/c3')).toMatchObject({ practice_id: 'P2', provider_id: 'P2/pcp-c', allowed_amount: 90 });
  });

  it('breaks a tie in allowed charges by the most recent service', async () => {
    await net.record('P1/ctie', 'P1');
    await net.claim('P1/ctie', 'P1', '2025-02-01', { npi: '1000000001', tin: '111111111', allowed: 100 });
    await net.claim('P1/ctie', 'P1', '2025-08-01', { npi: '1000000004', tin: '222222222', allowed: 100 });
    const { byPatient } = await attribution('claims');
    expect(byPatient.get('P1/ctie')).toMatchObject({ practice_id: 'P2', last_visit: '2025-08-01' });
  });
});

describe('computeAttribution input', () => {
  it('rejects a malformed or reversed period and an unknown method', async () => {
    await expect(computeAttribution(db, { periodStart: '2025-13', periodEnd: '2025-12-31' })).rejects.toThrow();
    await expect(computeAttribution(db, { periodStart: '2025-12-31', periodEnd: '2025-01-01' })).rejects.toThrow(/after/);
    await expect(computeAttribution(db, { ...PERIOD, method: 'coin-toss' as 'visits' })).rejects.toThrow();
  });
});
