// The ACO planner API (server/routes/planner.ts) over a hand-made network: three assigned beneficiaries from
// CCLF claims and a measure run of CMS165. The baseline is the network's own numbers; scenario overrides give
// settlements worked by hand (42 CFR 425.605 BASIC, 425.610 ENHANCED), whose waterfall ends at the settlement
// function's payment; the Monte Carlo is the risk module's for the same inputs and seed; the capitation
// statement splits a pool worked by hand.
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHccReference } from '../../server/aco/inputs/reference.ts';
import { simulateSettlement } from '../../server/aco/risk/simulate.ts';
import { settle } from '../../server/aco/settlement/settle.ts';
import { createApp } from '../../server/app.ts';
import { config } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { ingestPaths } from '../../server/ingest/orchestrator.ts';
import { loadAttributionReference } from '../../server/measures/attribution.ts';
import { loadMipsBenchmarks, placeOnBenchmark } from '../../server/measures/benchmarks.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { beneficiary, partAClaim, partBLine, writeCclfFolder } from '../ingest/cclf-fixture.ts';

const P01 = '111111111';
const P02 = '222222222';

let db: Database;
let empty: Database;
let agent: SignedInAgent;
let emptyAgent: SignedInAgent;

// Three aged non-dual beneficiaries, each with one family-practice visit (allowed 100, paid 80) at a member
// practice all year: M1 and M3 at P01, M2 at P02 with a 10,000 inpatient stay. Expenditures 80 + 10,080 + 80 =
// 10,240 over 3 person-years. CMS165: 40 patients, 30 controlled (75% → 8.0 achievement points on the 2026
// eCQM benchmark: score 0.8, standard met); P01 has 25 of them (all controlled), P02 15 (5 controlled).
beforeAll(async () => {
  [db, empty] = await Promise.all([memoryDb(), memoryDb()]);
  await loadAttributionReference(db, config.CALIPER_REFDATA);
  await loadHccReference(db, config.CALIPER_REFDATA);
  await loadMipsBenchmarks(db, path.join(config.CALIPER_REFDATA, 'mips_benchmarks', 'mips_benchmarks_selected_py2025_py2026.csv'));
  await db.exec(`INSERT INTO practice (practice_id, name, tin, source_format) VALUES ('P01', 'One', '${P01}', 'fhir'), ('P02', 'Two', '${P02}', 'csv')`);
  const visit = (mbi: string, id: string, tin: string) => partBLine({ id, mbi, date: '2026-03-01', hcpcs: '99214', allowed: 100, paid: 80, tin, specialty: '08' });
  const folder = writeCclfFolder({
    CCLF8: [beneficiary('1AA0AA0AA01', '1950-01-01', '2'), beneficiary('1AA0AA0AA02', '1950-01-01', '1'), beneficiary('1AA0AA0AA03', '1950-01-01', '2')],
    CCLF1: [partAClaim({ id: '0000000000100', mbi: '1AA0AA0AA02', from: '2026-04-01', thru: '2026-04-05', paid: 10000, control: 'A100' })],
    CCLF5: [visit('1AA0AA0AA01', '0000000000001', P01), visit('1AA0AA0AA02', '0000000000002', P02), visit('1AA0AA0AA03', '0000000000003', P01)],
  });
  await ingestPaths(db, [folder]);
  await db.exec(`INSERT INTO measure_run (run_id, finished_at, status, period_start, period_end, as_of, measures, attribution_method)
    VALUES (1, now(), 'finished', DATE '2026-01-01', DATE '2026-12-31', DATE '2026-12-31', ['cms165'], 'visits')`);
  await db.exec(`INSERT INTO measure_result (run_id, measure_id, group_id, period_start, period_end, patient_id, practice_id,
      initial_population, denominator, denominator_exclusion, denominator_exception, numerator, gap)
    SELECT 1, 'cms165', 'Group_1', DATE '2026-01-01', DATE '2026-12-31', 'p' || i, CASE WHEN i <= 25 THEN 'P01' ELSE 'P02' END,
      true, true, false, false, i <= 30, i > 30
    FROM range(1, 41) t(i)`);
  const silent = pino({ level: 'silent' });
  [agent, emptyAgent] = await Promise.all([
    signedInAgent(createApp({ db, logger: silent }), db, 'network'),
    signedInAgent(createApp({ db: empty, logger: silent }), empty, 'network'),
  ]);
});
afterAll(() => {
  db?.close();
  empty?.close();
});

// Overrides worked by hand: 6,000 beneficiaries → 6,000 / 3 × 3 = 6,000 person-years; benchmark 12,000 →
// 72,000,000. Variable MSR/MLR at 6,000 beneficiaries: 3.6% (§ 425.604(b)).
const HAND = 'year=2026&benchmark=12000&beneficiaries=6000&draws=1000';

describe('GET /api/planner/baseline', () => {
  it("derives the inputs from the network's claims and measured quality, each marked as data or default", async () => {
    const res = await agent.get('/api/planner/baseline?year=2026').expect(200);
    expect(res.body.available).toBe(true);
    expect(res.body.inputs).toMatchObject({ performanceYear: 2026, assignedBeneficiaries: 3, personYears: 3, quality: { score: 0.8, standard: 'met' }, track: 'BASIC_A' });
    expect(res.body.inputs.expenditurePerCapita).toBeCloseTo(10_240 / 3, 6);
    expect(res.body.sources).toMatchObject({ expenditurePerCapita: 'data', assignedBeneficiaries: 'data', quality: 'data', track: 'default' });
    expect(res.body.assignment.byPractice).toEqual({ P01: 2, P02: 1 });
    expect(res.body.quality.measures).toEqual([
      { measureId: 'cms165', title: expect.any(String), mipsId: '236', inverse: false, numerator: 30, denominator: 40, ratePercent: 75, points: 8, openGaps: 10 },
    ]);
    expect(res.body.costBeneficiaries).toBe(3);
  });

  it('says so when no Medicare claims are loaded (scenarios are then 404), and is 401 without a session', async () => {
    const res = await emptyAgent.get('/api/planner/baseline?year=2026').expect(200);
    expect(res.body).toEqual({ performanceYear: 2026, available: false, reason: expect.stringMatching(/No Medicare claims/) });
    await emptyAgent.get('/api/planner/scenario').expect(404);
    await emptyAgent.get('/api/planner/capitation?pmpm=30').expect(404);
    const app = createApp({ db, logger: pino({ level: 'silent' }) });
    const { default: request } = await import('supertest');
    await request(app).get('/api/planner/baseline').expect(401);
  });
});

describe('GET /api/planner/scenario', () => {
  it('settles shared savings by hand, and the waterfall steps add up to the settlement function', async () => {
    // Expenditures 11,000 x 6,000 = 66,000,000: savings 6,000,000 = 8.33% ≥ 3.6%. BASIC E, quality met: 50% →
    // 3,000,000 (limit 10% of the benchmark, 7,200,000, not reached); sequestration 2% → 2,940,000.
    const res = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11000&track=BASIC_E`).expect(200);
    const { settlement, waterfall, inputs } = res.body;
    expect(inputs).toMatchObject({ track: 'BASIC_E', assignedBeneficiaries: 6000, personYears: 6000, updatedBenchmarkPerCapita: 12000, expenditurePerCapita: 11000 });
    expect(res.body.sources).toMatchObject({ track: 'override', updatedBenchmarkPerCapita: 'override', assignedBeneficiaries: 'override', personYears: 'override', quality: 'data' });
    expect(settlement.outcome).toBe('shared-savings');
    expect(settlement.minimumSavingsRate).toBeCloseTo(0.036, 12);
    expect(settlement.net).toBeCloseTo(2_940_000, 6);
    expect(waterfall.map((s: { step: string }) => s.step)).toEqual(['benchmark', 'expenditures', 'savings', 'msr', 'sharing', 'limit', 'sequestration', 'disaster', 'payment']);
    expect(waterfall.map((s: { value: number }) => Math.round(s.value))).toEqual([72_000_000, -66_000_000, 6_000_000, 0, -3_000_000, 0, -60_000, 0, 2_940_000]);
    const payment = waterfall.at(-1);
    expect(payment.value).toBe(settle(inputs).net);
    expect(waterfall.at(-2).runningTotal).toBeCloseTo(payment.value, 6);
  });

  it('puts every track side by side for the same inputs', async () => {
    const res = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11000`).expect(200);
    const net = Object.fromEntries(res.body.tracks.map((t: { track: string; net: number }) => [t.track, Math.round(t.net)]));
    // Levels A, B: 40% → 2,400,000 x 0.98; C–E: 50% → 2,940,000; ENHANCED: 75% → 4,500,000 x 0.98.
    expect(net).toEqual({ BASIC_A: 2_352_000, BASIC_B: 2_352_000, BASIC_C: 2_940_000, BASIC_D: 2_940_000, BASIC_E: 2_940_000, ENHANCED: 4_410_000 });
    for (const t of res.body.tracks) expect(t.net).toBe(settle({ ...res.body.inputs, track: t.track }).net);
  });

  it('settles shared losses: BASIC 30% within its benchmark limit, ENHANCED 1 − 0.75 × quality held to 40%', async () => {
    // Expenditures 13,000 → losses 6,000,000 = 8.33% ≥ MLR 3.6%. BASIC E: 30% → 1,800,000 (limit 4% of the
    // benchmark, 2,880,000; no participant revenue given). ENHANCED: 1 − 0.75 × 0.8 = 40% → 2,400,000.
    const res = await agent.get(`/api/planner/scenario?${HAND}&expenditure=13000&track=BASIC_E`).expect(200);
    expect(res.body.settlement.outcome).toBe('shared-losses');
    expect(res.body.waterfall.map((s: { value: number }) => Math.round(s.value))).toEqual([72_000_000, -78_000_000, -6_000_000, 0, 4_200_000, 0, 0, 0, -1_800_000]);
    expect(res.body.waterfall.at(-1).label).toBe('Owed to CMS');
    const enhanced = res.body.tracks.find((t: { track: string }) => t.track === 'ENHANCED');
    expect(enhanced.sharingRate).toBeCloseTo(0.4, 12);
    expect(enhanced.net).toBeCloseTo(-2_400_000, 6);
    expect(res.body.tracks.find((t: { track: string }) => t.track === 'BASIC_A').net).toBe(0);
  });

  it('shares nothing below the MSR, except at half rate for a low-revenue BASIC ACO from PY2024', async () => {
    // Expenditures 11,800 → savings 1,200,000 = 1.67% < 3.6%. High revenue: not shared, the MSR step takes it away.
    const high = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11800&track=BASIC_C&revenue=high`).expect(200);
    expect(high.body.settlement.outcome).toBe('within-corridor');
    expect(high.body.waterfall.map((s: { value: number }) => Math.round(s.value))).toEqual([72_000_000, -70_800_000, 1_200_000, -1_200_000, 0, 0, 0, 0, 0]);
    // Low revenue, ≥ 5,000 beneficiaries, quality met (§ 425.605(h)): 25% → 300,000, less 2% → 294,000.
    const low = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11800&track=BASIC_C&revenue=low`).expect(200);
    expect(low.body.waterfall.map((s: { value: number }) => Math.round(s.value))).toEqual([72_000_000, -70_800_000, 1_200_000, 0, -900_000, 0, -6_000, 0, 294_000]);
    expect(low.body.waterfall[3].note).toMatch(/half rate/);
  });

  it('closes N gaps: new rate → benchmark points → quality score → sharing rate → dollars', async () => {
    // 5 more controlled: 35 / 40 = 87.5%. Under the alternative standard the BASIC E rate is 50% × quality score,
    // so the dollars are savings 6,000,000 × 50% × (score after − 0.8) × 0.98.
    const res = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11000&track=BASIC_E&standard=alternative&gapMeasure=cms165&gaps=5`).expect(200);
    const gap = res.body.gapClosure;
    const placed = await placeOnBenchmark(db, { measureId: '236', year: 2026, collectionType: 'eCQM', rate: 87.5, denominator: 40 });
    expect(gap).toMatchObject({ measureId: 'cms165', gapsClosed: 5, rateBefore: 75, rateAfter: 87.5, pointsBefore: 8, pointsAfter: placed.achievement_points });
    expect(gap.qualityAfter.score).toBeCloseTo(placed.achievement_points! / 10, 12);
    expect(res.body.inputs.quality).toEqual({ score: gap.qualityAfter.score, standard: 'alternative' });
    expect(res.body.sources.quality).toBe('scenario');
    expect(gap.dollars).toBeCloseTo(6_000_000 * 0.5 * (gap.qualityAfter.score - 0.8) * 0.98, 4);
    expect(gap.dollars).toBeGreaterThan(0);
    // No more gaps close than are open.
    const all = await agent.get(`/api/planner/scenario?${HAND}&expenditure=11000&gapMeasure=cms165&gaps=500`).expect(200);
    expect(all.body.gapClosure).toMatchObject({ gapsClosed: 10, rateAfter: 100 });
  });

  it("simulates from the network's own costs, seeded: the risk module's numbers for the same inputs and seed", async () => {
    const url = `/api/planner/scenario?${HAND}&expenditure=11000&track=BASIC_E&seed=7`;
    const [a, b] = await Promise.all([agent.get(url).expect(200), agent.get(url).expect(200)]);
    expect(a.body.risk).toEqual({ ...b.body.risk, ms: a.body.risk.ms });
    // Annualized costs in MBI order: 80, 10,080, 80.
    const direct = simulateSettlement(a.body.inputs, [80, 10_080, 80], { draws: 1000, seed: 7 });
    expect(a.body.risk).toMatchObject({ draws: 1000, seed: 7, beneficiaries: 6000, costBeneficiaries: 3, p5: direct.p5, p50: direct.p50, p95: direct.p95, probabilityOfOwing: direct.probabilityOfOwing });
    const bins = a.body.risk.histogram as { x0: number; x1: number; count: number }[];
    expect(bins.reduce((n, bin) => n + bin.count, 0)).toBe(1000);
    expect(bins[0]!.x0).toBeLessThanOrEqual(direct.net[0]!);
    expect(bins.at(-1)!.x1).toBeGreaterThanOrEqual(direct.net[999]!);
    const other = await agent.get(url.replace('seed=7', 'seed=8')).expect(200);
    expect(other.body.risk.p50).not.toBe(a.body.risk.p50);
  });

  it("applies a per-member stop-loss to the simulated losses as the risk module does", async () => {
    const url = `/api/planner/scenario?${HAND}&expenditure=12500&track=ENHANCED&seed=3`;
    const [plain, protectedRes] = await Promise.all([agent.get(url).expect(200), agent.get(`${url}&stopLoss=20000&coinsurance=0.2`).expect(200)]);
    const direct = simulateSettlement(plain.body.inputs, [80, 10_080, 80], { draws: 1000, seed: 3, stopLoss: { attachmentPoint: 20_000, coinsurance: 0.2 } });
    expect(protectedRes.body.risk).toMatchObject({ stopLoss: { attachmentPoint: 20_000, coinsurance: 0.2 }, p5: direct.p5, probabilityOfOwing: direct.probabilityOfOwing });
    expect(protectedRes.body.risk.p5).toBeGreaterThanOrEqual(plain.body.risk.p5);
  });

  it('rejects inputs the rules do not cover and malformed scenarios', async () => {
    // 3 beneficiaries: no variable MSR below 500; CMS's reported rate makes it computable.
    const small = await agent.get('/api/planner/scenario?year=2026&draws=100').expect(400);
    expect(small.body.error.details).toEqual([{ path: 'msrRate', message: expect.stringMatching(/below 500/) }]);
    await agent.get('/api/planner/scenario?year=2026&draws=100&msrRate=0.039').expect(200);
    const both = await agent.get(`/api/planner/scenario?${HAND}&quality=0.5&gapMeasure=cms165&gaps=1`).expect(400);
    expect(both.body.error.details[0].path).toBe('quality');
    await agent.get(`/api/planner/scenario?${HAND}&sql=1`).expect(400);
    await agent.get(`/api/planner/scenario?${HAND}&track=BASIC_Z`).expect(400);
    await agent.get(`/api/planner/scenario?${HAND}&gapMeasure=cms122&gaps=1`).expect(400);
  });
});

describe('GET /api/planner/peers', () => {
  it("lists the PUF's ACOs with rates as fractions", async () => {
    const res = await agent.get('/api/planner/peers?year=2023').expect(200);
    expect(res.body.file).toBe('PY2023_ACO_Results_PUF.csv');
    expect(res.body.acos.length).toBeGreaterThan(400);
    expect(res.body.acos.find((a: { aco_id: string }) => a.aco_id === 'A1001')).toMatchObject({ assigned_beneficiaries: 78364, savings_rate: 0.0909, earned_savings_losses: 73426268, track: 'EN' });
    await agent.get('/api/planner/peers?year=2019').expect(400);
  });
});

describe('GET /api/planner/capitation', () => {
  it('pays the PMPM pool by member months, returns half the withhold and gives the bonus to practices with the minimum denominator', async () => {
    // Member months: P01 24, P02 12 → pool 36 x 30 = 1,080: P01 720, P02 360; withhold 10% (72, 36), half
    // returned (36, 18). Bonus 1,000: P02 has 15 CMS165 patients, under the minimum of 20, so P01 takes it all.
    const res = await agent.get('/api/planner/capitation?year=2026&pmpm=30&withhold=0.1&withholdReturn=0.5&bonusPool=1000&minimumDenominator=20').expect(200);
    const d = res.body.distribution;
    expect(d).toMatchObject({ pool: 1080, withheld: 108, withholdReturned: 54, withholdRetainedByPayer: 54, qualityBonusPaid: 1000 });
    expect(d.practices.map((p: Record<string, unknown>) => [p.practiceId, p.name, p.memberMonths, p.capitationGross, p.withheld, p.withholdReturned, p.qualityBonus, p.totalPaid])).toEqual([
      ['P01', 'One', 24, 720, 72, 36, 1000, 1684],
      ['P02', 'Two', 12, 360, 36, 18, 0, 342],
    ]);
    expect(d.practices[1].measuresBelowMinimum).toEqual(['cms165']);
    await agent.get('/api/planner/capitation').expect(400);
  });
});
