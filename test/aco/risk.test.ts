// Monte Carlo of the settlement: seeded and reproducible, bootstrap spread and skew kept, stop-loss applied.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/aco/risk/random.ts';
import { quantile, simulateSettlement } from '../../server/aco/risk/simulate.ts';
import { settle } from '../../server/aco/settlement/settle.ts';
import type { SettlementInputs } from '../../server/aco/settlement/types.ts';

// ENHANCED, 0% MSR/MLR, quality met, $11,800 benchmark over $10,000 spending: savings are shared below the 20%
// payment limit for spending between $8,653 and $11,800, where net = (benchmark − spending) × n × 75% × 98%.
function linearInputs(n: number, updatedBenchmarkPerCapita = 11_800): SettlementInputs {
  return {
    performanceYear: 2025,
    track: 'ENHANCED',
    assignedBeneficiaries: 10_000,
    personYears: n,
    updatedBenchmarkPerCapita,
    expenditurePerCapita: 10_000,
    msrMlr: { kind: 'fixed', rate: 0 },
    quality: { score: 0.9, standard: 'met' },
    revenueCategory: 'high',
  };
}

/** Heavy-tailed costs: mostly small, a few very large (mean 10,000). */
function skewedCosts(): Float64Array {
  const costs = new Float64Array(1_000).fill(5_000);
  for (let i = 0; i < 10; i++) costs[i] = 505_000; // 1% at 50× the rest
  return costs;
}

describe('seeded random numbers', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 5 }, () => a.nextFloat());
    expect(Array.from({ length: 5 }, () => b.nextFloat())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextFloat())).not.toEqual(xs);
    for (let i = 0; i < 1_000; i++) expect(a.nextIndex(7)).toBeLessThan(7);
  });
});

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    const v = Float64Array.from([0, 10, 20, 30, 40]);
    expect(quantile(v, 0.5)).toBe(20);
    expect(quantile(v, 0.05)).toBe(2);
    expect(quantile(v, 0.95)).toBe(38);
  });
});

describe('settlement simulation', () => {
  it('is reproducible for a seed', () => {
    const a = simulateSettlement(linearInputs(500), skewedCosts(), { draws: 2_000, seed: 9 });
    const b = simulateSettlement(linearInputs(500), skewedCosts(), { draws: 2_000, seed: 9 });
    const c = simulateSettlement(linearInputs(500), skewedCosts(), { draws: 2_000, seed: 10 });
    expect(Array.from(b.net)).toEqual(Array.from(a.net));
    expect(Array.from(c.net)).not.toEqual(Array.from(a.net));
  });

  it('centres on the projected spending and keeps the bootstrap spread of the per-capita mean', () => {
    // 25,000 beneficiaries: the spending mean's sd (≈ $315) keeps every draw in the linear range
    const n = 25_000;
    const costs = skewedCosts();
    const r = simulateSettlement(linearInputs(n), costs, { draws: 10_000, seed: 1 });
    // expected net: (11,800 − 10,000) × 25,000 × 0.735 = $33,075,000
    expect(r.mean / 33_075_000).toBeCloseTo(1, 2);
    // sd of the mean spending = σ / √n; σ² of the pool = 0.01 × 0.99 × 500,000² → σ ≈ 49,749
    const sigma = Math.sqrt(0.01 * 0.99) * 500_000;
    const expectedSd = 0.735 * n * (sigma / Math.sqrt(n));
    let sq = 0;
    for (const v of r.net) sq += (v - r.mean) ** 2;
    expect(Math.sqrt(sq / (r.net.length - 1)) / expectedSd).toBeGreaterThan(0.95);
    expect(Math.sqrt(sq / (r.net.length - 1)) / expectedSd).toBeLessThan(1.05);
  });

  it('keeps the heavy tail: high-cost draws stretch the loss side further than the savings side', () => {
    const r = simulateSettlement(linearInputs(100), skewedCosts(), { draws: 10_000, seed: 3 });
    expect(r.p50 - r.p5).toBeGreaterThan(1.5 * (r.p95 - r.p50));
  });

  it('reports the chance of owing shared losses', () => {
    // BASIC E around a break-even benchmark: some draws owe, some earn
    const inputs: SettlementInputs = { ...linearInputs(200, 10_000), track: 'BASIC_E' };
    const r = simulateSettlement(inputs, skewedCosts(), { draws: 5_000, seed: 5 });
    expect(r.probabilityOfOwing).toBeGreaterThan(0.1);
    expect(r.probabilityOfSavings).toBeGreaterThan(0.1);
    expect(r.probabilityOfOwing + r.probabilityOfSavings).toBeLessThanOrEqual(1);
    expect(r.p5).toBeLessThan(0);
  });

  it('reimburses shared losses down to those of the protected spending, never adding savings', () => {
    // every beneficiary costs 10,000 (no variance); BASIC E, 0% MLR, $9,000 benchmark × 1,000:
    // actual loss $1M × 30% = $300,000 owed (under 4% × $9M = $360,000)
    const flat = new Float64Array(50).fill(10_000);
    const inputs: SettlementInputs = { ...linearInputs(1_000, 9_000), track: 'BASIC_E' };
    expect(settle(inputs).net).toBeCloseTo(-300_000, 6);
    // attachment 9,500 at 50% → protected spending 9,750: loss $750,000 × 30% = $225,000
    const partial = simulateSettlement(inputs, flat, { draws: 200, stopLoss: { attachmentPoint: 9_500, coinsurance: 0.5 } });
    expect(partial.p5).toBeCloseTo(-225_000, 4);
    expect(partial.p95).toBeCloseTo(-225_000, 4);
    expect(partial.probabilityOfOwing).toBe(1);
    // attachment 8,000 at 50% → 9,000 = the benchmark: nothing owed, the premium ($100 × 1,000) remains
    const full = simulateSettlement(inputs, flat, { draws: 200, stopLoss: { attachmentPoint: 8_000, coinsurance: 0.5, premiumPerMemberYear: 100 } });
    expect(full.p50).toBeCloseTo(-100_000, 4);
    expect(full.probabilityOfOwing).toBe(0);
    // savings are CMS's on actual spending: $10,500 benchmark → (500 × 1,000) × 50% × 98% = $245,000, less premium
    const saving = simulateSettlement({ ...inputs, updatedBenchmarkPerCapita: 10_500 }, flat, { draws: 200, stopLoss: { attachmentPoint: 8_000, coinsurance: 0.5, premiumPerMemberYear: 100 } });
    expect(saving.p50).toBeCloseTo(245_000 - 100_000, 4);
  });

  it('narrows the loss tail with a stop-loss', () => {
    const inputs: SettlementInputs = { ...linearInputs(100, 10_000), track: 'BASIC_E' };
    const without = simulateSettlement(inputs, skewedCosts(), { draws: 5_000, seed: 8 });
    const withStopLoss = simulateSettlement(inputs, skewedCosts(), { draws: 5_000, seed: 8, stopLoss: { attachmentPoint: 50_000, coinsurance: 0.1 } });
    expect(withStopLoss.p5).toBeGreaterThan(without.p5);
    expect(withStopLoss.probabilityOfOwing).toBeLessThan(without.probabilityOfOwing);
  });
});
