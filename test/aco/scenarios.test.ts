// Scenarios over the settlement: gap closure → points → quality score → sharing rate → dollars; spending
// trends; every track for the same network.
import { describe, expect, it } from 'vitest';
import { appQualityScore, closeGaps, openGaps, type PointsScorer, type QualityModel } from '../../server/aco/scenarios/quality.ts';
import { compareTracks } from '../../server/aco/scenarios/tracks.ts';
import { expenditureTrend } from '../../server/aco/scenarios/trend.ts';
import type { SettlementInputs } from '../../server/aco/settlement/types.ts';

// 10,000 beneficiaries, $12,000 benchmark, 5% savings ($6M gross).
const network: SettlementInputs = {
  performanceYear: 2024,
  track: 'ENHANCED',
  assignedBeneficiaries: 10_000,
  personYears: 10_000,
  updatedBenchmarkPerCapita: 12_000,
  expenditurePerCapita: 11_400,
  msrMlr: { kind: 'fixed', rate: 0.01 },
  quality: { score: 0, standard: 'not-met' },
  revenueCategory: 'high',
};

// A benchmark of whole deciles every 10 rate points (rate 0–9.99 → 1 point … ≥ 90 → 10), inverse for 001.
const score: PointsScorer = (measureId, rate) => {
  const oriented = measureId === '001' ? 100 - rate : rate;
  return Math.min(10, 1 + Math.floor(oriented / 10));
};

// Three measures: 134 at 65% (7 points), 236 at 55% (6), 001 (inverse) at 35% poor control → 65 oriented (7).
const model: QualityModel = {
  measures: [
    { measureId: '134', numerator: 130, denominator: 200, inverse: false, points: 7 },
    { measureId: '236', numerator: 110, denominator: 200, inverse: false, points: 6 },
    { measureId: '001', numerator: 70, denominator: 200, inverse: true, points: 7 },
  ],
  healthEquityBonusPoints: 0,
  standardThreshold: 0.7,
  alternativeMet: false,
};

describe('APP quality score', () => {
  it('is points plus the health equity bonus over 10 per measure, capped at 100%', () => {
    expect(appQualityScore(model.measures, 0)).toBeCloseTo(20 / 30, 12);
    expect(appQualityScore(model.measures, 4)).toBeCloseTo(24 / 30, 12);
    expect(appQualityScore(model.measures, 40)).toBe(1);
  });
});

describe('closing gaps', () => {
  it('raises the rate, the points and the quality score past the standard, turning no savings into 75%', () => {
    // 236: +20 patients → 130/200 = 65% → 7 points; score 21/30 = 70% ≥ 70% threshold → met
    const r = closeGaps(network, model, '236', 20, score);
    expect(r).toMatchObject({ gapsClosed: 20, rateBefore: 55, rateAfter: 65, pointsBefore: 6, pointsAfter: 7 });
    expect(r.qualityBefore).toEqual({ score: 20 / 30, standard: 'not-met' });
    expect(r.qualityAfter.standard).toBe('met');
    expect(r.before.net).toBe(0);
    // $6M × 75% × 0.98 = $4,410,000
    expect(r.after.net).toBeCloseTo(4_410_000, 6);
    expect(r.dollars).toBeCloseTo(4_410_000, 6);
  });

  it('lowers the numerator of an inverse measure and never closes more gaps than are open', () => {
    expect(openGaps(model.measures[2]!)).toBe(70);
    const r = closeGaps(network, model, '001', 500, score);
    expect(r).toMatchObject({ gapsClosed: 70, rateAfter: 0, pointsAfter: 10 });
  });

  it('moves ENHANCED shared losses with the quality score', () => {
    // loss: spending 12,600 → −$6M (5% ≥ MLR 1%). Before: not met → 75% = $4.5M.
    // Closing 40 gaps in 134: 170/200 = 85% → 9 points; 22/30 = 73.3% → met, loss rate 1 − 0.75 × 0.7333 = 45%
    const r = closeGaps({ ...network, expenditurePerCapita: 12_600 }, model, '134', 40, score);
    expect(r.before.net).toBeCloseTo(-4_500_000, 6);
    expect(r.after.sharingRate).toBeCloseTo(0.45, 12);
    expect(r.after.net).toBeCloseTo(-2_700_000, 6);
    expect(r.dollars).toBeCloseTo(1_800_000, 6);
  });

  it('rejects a measure the model does not have', () => {
    expect(() => closeGaps(network, model, '999', 1, score)).toThrow(/999/);
  });
});

describe('expenditure trend', () => {
  it('settles each spending change with the benchmark held', () => {
    const met = { ...network, quality: { score: 0.9, standard: 'met' as const } };
    const [down, flat, up] = expenditureTrend(met, [-0.02, 0, 0.06]);
    // −2%: 11,172 → gross $8.28M × 75% × 0.98 = $6,085,800
    expect(down!.expenditurePerCapita).toBeCloseTo(11_172, 9);
    expect(down!.settlement.net).toBeCloseTo(6_085_800, 4);
    expect(flat!.settlement.net).toBeCloseTo(4_410_000, 4);
    // +6%: 12,084 → −$840,000 = 0.7% < MLR 1%: nothing
    expect(up!.settlement).toMatchObject({ outcome: 'within-corridor', net: 0 });
  });
});

describe('track comparison', () => {
  it('settles the same network under every track', () => {
    const met = { ...network, quality: { score: 0.9, standard: 'met' as const } };
    const byTrack = Object.fromEntries(compareTracks(met).map((t) => [t.track, t.settlement.net]));
    // one-sided levels: variable MSR 3% < 5% → 40%: $2,352,000; C–E 50%: $2,940,000; ENHANCED 75%: $4,410,000
    expect(byTrack.BASIC_A).toBeCloseTo(2_352_000, 6);
    expect(byTrack.BASIC_B).toBeCloseTo(2_352_000, 6);
    expect(byTrack.BASIC_C).toBeCloseTo(2_940_000, 6);
    expect(byTrack.BASIC_E).toBeCloseTo(2_940_000, 6);
    expect(byTrack.ENHANCED).toBeCloseTo(4_410_000, 6);
    // losses of 5%: one-sided owe nothing, BASIC 30% = $1.8M, ENHANCED 1 − 0.675 → 40% = $2.4M
    const loss = Object.fromEntries(compareTracks({ ...met, expenditurePerCapita: 12_600 }).map((t) => [t.track, t.settlement.net]));
    expect(loss).toMatchObject({ BASIC_A: 0, BASIC_B: 0, BASIC_C: -1_800_000, BASIC_D: -1_800_000, BASIC_E: -1_800_000, ENHANCED: -2_400_000 });
  });
});
