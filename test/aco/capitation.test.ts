// Capitation and bonus distribution: hand-worked per-practice statements that reconcile to the cent.
import { describe, expect, it } from 'vitest';
import { allocateCents } from '../../server/aco/capitation/allocate.ts';
import { distributeCapitation, type CapitationInputs } from '../../server/aco/capitation/distribute.ts';

// $40 PMPM over 2,000 member months = $80,000.
const network: CapitationInputs = {
  pmpm: 40,
  practices: [
    { practiceId: 'P01', memberMonths: 1_200, riskScore: 1.2, measures: [{ measureId: '134', denominator: 50, points: 8 }, { measureId: '236', denominator: 10, points: 10 }] },
    { practiceId: 'P02', memberMonths: 600, riskScore: 0.9, measures: [{ measureId: '134', denominator: 30, points: 6 }, { measureId: '236', denominator: 40, points: 4 }] },
    { practiceId: 'P03', memberMonths: 200, riskScore: 1.0 },
  ],
};

describe('allocateCents', () => {
  it('splits exactly, giving leftover cents to the largest remainders', () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateCents(8_000_000, [1_440, 540, 200])).toEqual([5_284_404, 1_981_651, 733_945]);
    expect(allocateCents(500, [0, 0])).toEqual([0, 0]);
  });
});

describe('capitation distribution', () => {
  it('pays the PMPM pool by member months', () => {
    const d = distributeCapitation(network);
    expect(d.pool).toBe(80_000);
    expect(d.practices.map((p) => p.capitationGross)).toEqual([48_000, 24_000, 8_000]);
    expect(d.practices[0]!.capitationShare).toBeCloseTo(0.6, 12);
  });

  it('risk-adjusts budget-neutrally: member months × risk score, the pool unchanged', () => {
    // weights 1,440 : 540 : 200 of $80,000
    const d = distributeCapitation({ ...network, riskAdjusted: true });
    expect(d.practices.map((p) => p.capitationGross)).toEqual([52_844.04, 19_816.51, 7_339.45]);
    expect(d.practices.reduce((s, p) => s + p.capitationGross * 100, 0)).toBeCloseTo(8_000_000, 6);
  });

  it('withholds a share and returns the payer-returned part pro rata', () => {
    // 10% withheld = $8,000; half returned = $4,000
    const d = distributeCapitation({ ...network, withhold: { rate: 0.1, returnRate: 0.5 } });
    expect(d).toMatchObject({ withheld: 8_000, withholdReturned: 4_000, withholdRetainedByPayer: 4_000 });
    expect(d.practices.map((p) => [p.withheld, p.capitationPaid, p.withholdReturned])).toEqual([
      [4_800, 43_200, 2_400],
      [2_400, 21_600, 1_200],
      [800, 7_200, 400],
    ]);
  });

  it('shares the quality bonus by measure points, counting only measures with the minimum denominator', () => {
    // P01: 134 (8 points; 236 has 10 patients < 20), P02: 6 + 4 = 10, P03: none → $10,000 × 8/18, × 10/18
    const d = distributeCapitation({ ...network, qualityBonusPool: 10_000, withhold: { rate: 0.1, returnRate: 0.5 } });
    const [p01, p02, p03] = d.practices;
    expect(p01).toMatchObject({ qualityPoints: 8, measuresCounted: ['134'], measuresBelowMinimum: ['236'], qualityBonus: 4_444.44 });
    expect(p02).toMatchObject({ qualityPoints: 10, qualityBonus: 5_555.56 });
    expect(p03).toMatchObject({ qualityPoints: 0, qualityBonus: 0 });
    // statement: $48,000 − $4,800 withheld + $2,400 returned + $4,444.44 bonus
    expect(p01!.totalPaid).toBe(50_044.44);
    expect(d.qualityBonusPaid).toBe(10_000);
  });

  it('can weight the bonus by member months too, and honours a lower minimum denominator', () => {
    // 8 × 1,200 = 9,600 : 10 × 600 = 6,000
    const d = distributeCapitation({ ...network, qualityBonusPool: 10_000, bonusWeighting: 'points-x-member-months' });
    expect(d.practices.map((p) => p.qualityBonus)).toEqual([6_153.85, 3_846.15, 0]);
    // minimum 5: P01's 236 counts (18 points vs 10)
    const low = distributeCapitation({ ...network, qualityBonusPool: 14_000, minimumDenominator: 5 });
    expect(low.practices.map((p) => p.qualityBonus)).toEqual([9_000, 5_000, 0]);
  });

  it('leaves the bonus undistributed when no practice earns points', () => {
    const d = distributeCapitation({ ...network, qualityBonusPool: 5_000, minimumDenominator: 1_000 });
    expect(d).toMatchObject({ qualityBonusPaid: 0, qualityBonusUndistributed: 5_000 });
  });

  it('rejects a pool without practices', () => {
    expect(() => distributeCapitation({ pmpm: 40, practices: [] })).toThrow();
  });
});
