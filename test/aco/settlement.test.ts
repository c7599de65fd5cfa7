// Hand-worked settlements for every track and rule of 42 CFR 425 subpart G (PY2022–PY2026).
import { describe, expect, it } from 'vitest';
import { minimumRates, variableMinimumSavingsRate } from '../../server/aco/settlement/minimum-rates.ts';
import { settle } from '../../server/aco/settlement/settle.ts';
import { settlementInputsSchema, type SettlementInputs } from '../../server/aco/settlement/types.ts';

/** 10,000 assigned beneficiaries and person years, $12,000 benchmark: a $120M benchmark total. */
function inputs(overrides: Partial<SettlementInputs> = {}): SettlementInputs {
  return {
    performanceYear: 2023,
    track: 'BASIC_A',
    assignedBeneficiaries: 10_000,
    personYears: 10_000,
    updatedBenchmarkPerCapita: 12_000,
    expenditurePerCapita: 11_400,
    msrMlr: { kind: 'variable' },
    quality: { score: 0.8, standard: 'met' },
    revenueCategory: 'high',
    ...overrides,
  };
}

describe('minimum savings and loss rates (§ 425.604(b), § 425.605(b), § 425.610(b))', () => {
  it('reads the table at its rows and interpolates between them', () => {
    expect(variableMinimumSavingsRate(5_000)).toBeCloseTo(0.039, 10);
    expect(variableMinimumSavingsRate(5_500)).toBeCloseTo(0.0375, 10); // 3.9% − 0.3 × 500/1,000
    expect(variableMinimumSavingsRate(12_500)).toBeCloseTo(0.0285, 10); // 3.0% − 0.3 × 2,500/5,000
    expect(variableMinimumSavingsRate(35_000)).toBeCloseTo(0.0235, 10); // 2.5% − 0.3 × 15,000/30,000
    expect(variableMinimumSavingsRate(60_000)).toBe(0.02);
    expect(variableMinimumSavingsRate(250_000)).toBe(0.02);
  });

  it('extends below 5,000 on the points CMS applied and refuses counts it has no rate for', () => {
    expect(variableMinimumSavingsRate(4_000)).toBeCloseTo(0.0445, 10); // 3.9% + 1.1 × 1,000/2,000
    expect(() => variableMinimumSavingsRate(300)).toThrow(/override/);
  });

  it('gives one-sided levels no MLR and two-sided ones a symmetrical MSR/MLR', () => {
    const oneSided = minimumRates(settlementInputsSchema.parse(inputs({ track: 'BASIC_B', msrMlr: { kind: 'fixed', rate: 0.01 } })));
    expect(oneSided).toMatchObject({ msr: 0.03, mlr: null }); // a fixed election means nothing one-sided
    const fixed = minimumRates(settlementInputsSchema.parse(inputs({ track: 'BASIC_E', msrMlr: { kind: 'fixed', rate: 0.005 } })));
    expect(fixed).toMatchObject({ msr: 0.005, mlr: 0.005 });
    const variable = minimumRates(settlementInputsSchema.parse(inputs({ track: 'ENHANCED' })));
    expect(variable).toMatchObject({ msr: 0.03, mlr: 0.03 });
  });

  it('holds a two-sided ACO below 5,000 beneficiaries to the variable rate whatever it elected', () => {
    const r = minimumRates(settlementInputsSchema.parse(inputs({ track: 'ENHANCED', assignedBeneficiaries: 4_000, msrMlr: { kind: 'fixed', rate: 0 } })));
    expect(r.msr).toBeCloseTo(0.0445, 10);
    expect(r.mlr).toBeCloseTo(0.0445, 10);
  });

  it('takes a CMS-reported rate as given', () => {
    expect(minimumRates(settlementInputsSchema.parse(inputs({ track: 'BASIC_C', msrMlr: { kind: 'override', rate: 0.0605 } })))).toMatchObject({ msr: 0.0605, mlr: 0.0605 });
  });
});

describe('BASIC levels A and B (one-sided, § 425.605(d)(1)(i)–(ii))', () => {
  it('shares 40% of all savings when the savings rate reaches the MSR, less 2% sequestration', () => {
    // gross = (12,000 − 11,400) × 10,000 = $6,000,000 = 5% ≥ MSR 3%; 40% = $2,400,000; × 0.98 = $2,352,000
    const s = settle(inputs());
    expect(s.grossSavings).toBe(6_000_000);
    expect(s.savingsRate).toBeCloseTo(0.05, 12);
    expect(s.outcome).toBe('shared-savings');
    expect(s.sharingRate).toBe(0.4);
    expect(s.afterLimit).toBe(2_400_000);
    expect(s.sequestration).toBe(48_000);
    expect(s.net).toBe(2_352_000);
  });

  it('shares nothing below the MSR and never shares losses', () => {
    // 11,700 → 2.5% < 3%
    expect(settle(inputs({ expenditurePerCapita: 11_700 }))).toMatchObject({ outcome: 'within-corridor', net: 0 });
    const loss = settle(inputs({ track: 'BASIC_B', expenditurePerCapita: 13_000 }));
    expect(loss).toMatchObject({ outcome: 'within-corridor', net: 0, minimumLossRate: null });
    expect(loss.reason).toMatch(/losses not shared/);
  });

  it('caps savings at 10% of the benchmark (performance payment limit)', () => {
    // gross = 4,000 × 10,000 = $40M; 40% = $16M > 10% × $120M = $12M; × 0.98 = $11,760,000
    const s = settle(inputs({ expenditurePerCapita: 8_000 }));
    expect(s).toMatchObject({ beforeLimit: 16_000_000, limit: 12_000_000, limited: true, afterLimit: 12_000_000, net: 11_760_000 });
  });
});

describe('quality performance standard (§ 425.512) and the final sharing rate', () => {
  it('gives no savings when neither standard is met', () => {
    const s = settle(inputs({ quality: { score: 0.9, standard: 'not-met' } }));
    expect(s).toMatchObject({ outcome: 'shared-savings', sharingRate: 0, net: 0 });
  });

  it('scales the maximum rate by the quality score under the alternative standard from PY2023', () => {
    // ENHANCED: 75% × 0.8 = 60%; gross $6M → $3.6M × 0.98 = $3,528,000
    const s = settle(inputs({ track: 'ENHANCED', quality: { score: 0.8, standard: 'alternative' } }));
    expect(s.sharingRate).toBeCloseTo(0.6, 12);
    expect(s.net).toBeCloseTo(3_528_000, 6);
    // PY2022 had no sliding scale: no savings
    expect(settle(inputs({ performanceYear: 2022, track: 'ENHANCED', quality: { score: 0.8, standard: 'alternative' } })).net).toBe(0);
  });
});

describe('BASIC levels C, D, E (two-sided, § 425.605(d)(1)(iii)–(v))', () => {
  it('shares 50% of savings', () => {
    // $6M × 50% = $3M × 0.98 = $2,940,000
    expect(settle(inputs({ track: 'BASIC_D', msrMlr: { kind: 'fixed', rate: 0.02 } })).net).toBe(2_940_000);
  });

  it('shares 30% of losses at or above the MLR, limited by participant revenue (C: 2%) within 4% of the benchmark', () => {
    // expenditures 12,500 → loss $5M = 4.17% ≥ MLR 1%; 30% = $1.5M; 2% × $50M revenue = $1M < 4% × $120M
    const base = inputs({ track: 'BASIC_C', msrMlr: { kind: 'fixed', rate: 0.01 }, expenditurePerCapita: 12_500 });
    expect(settle({ ...base, participantRevenue: 50_000_000 })).toMatchObject({ outcome: 'shared-losses', sharingRate: 0.3, beforeLimit: -1_500_000, limit: 1_000_000, net: -1_000_000, sequestration: 0 });
    // without revenue only the benchmark limit ($4.8M) applies
    expect(settle(base).net).toBe(-1_500_000);
  });

  it('limits level D losses to 4% of revenue and level E to 8% of revenue, within 8% / 4% of the benchmark', () => {
    const loss = { msrMlr: { kind: 'fixed', rate: 0.01 } as const, expenditurePerCapita: 12_500, participantRevenue: 30_000_000 };
    // D: 4% × $30M = $1.2M < $1.5M
    expect(settle(inputs({ track: 'BASIC_D', ...loss })).net).toBe(-1_200_000);
    // E: 8% × $30M = $2.4M > $1.5M: not limited
    expect(settle(inputs({ track: 'BASIC_E', ...loss })).net).toBe(-1_500_000);
    // E, loss $20M × 30% = $6M; 8% × $100M = $8M; 4% × $120M = $4.8M applies
    expect(settle(inputs({ track: 'BASIC_E', ...loss, expenditurePerCapita: 14_000, participantRevenue: 100_000_000 })).net).toBeCloseTo(-4_800_000, 6);
  });

  it('shares nothing inside the MLR corridor', () => {
    // variable MLR 3% at 10,000 beneficiaries; loss 2%
    const s = settle(inputs({ track: 'BASIC_C', expenditurePerCapita: 12_240 }));
    expect(s).toMatchObject({ outcome: 'within-corridor', net: 0 });
    expect(s.reason).toMatch(/below MLR 3\.00%/);
  });
});

describe('ENHANCED (§ 425.610)', () => {
  it('shares 75% of savings capped at 20% of the benchmark', () => {
    // gross = 3,000 × 10,000 = $30M; 75% = $22.5M, under 20% × $120M = $24M → × 0.98 = $22.05M
    expect(settle(inputs({ track: 'ENHANCED', expenditurePerCapita: 9_000 })).net).toBeCloseTo(22_050_000, 6);
    // gross $40M × 75% = $30M > $24M → $24M × 0.98 = $23,520,000
    expect(settle(inputs({ track: 'ENHANCED', expenditurePerCapita: 8_000 }))).toMatchObject({ limited: true, net: 23_520_000 });
  });

  it('sets the loss rate to 1 − 0.75 × quality within 40–75%, 75% without the standard, capped at 15% of the benchmark', () => {
    const loss = { track: 'ENHANCED' as const, msrMlr: { kind: 'fixed', rate: 0 } as const, expenditurePerCapita: 12_500 }; // $5M loss
    // q 0.4: 1 − 0.3 = 70% → $3.5M
    expect(settle(inputs({ ...loss, quality: { score: 0.4, standard: 'met' } })).net).toBeCloseTo(-3_500_000, 6);
    // q 0.9: 1 − 0.675 = 32.5% → floor 40% → $2M
    expect(settle(inputs({ ...loss, quality: { score: 0.9, standard: 'met' } }))).toMatchObject({ sharingRate: 0.4, net: -2_000_000 });
    // not met: 75% → $3.75M
    expect(settle(inputs({ ...loss, quality: { score: 0.9, standard: 'not-met' } }))).toMatchObject({ sharingRate: 0.75, net: -3_750_000 });
    // loss $30M × 75% = $22.5M > 15% × $120M = $18M
    expect(settle(inputs({ ...loss, expenditurePerCapita: 15_000, quality: { score: 0.9, standard: 'not-met' } }))).toMatchObject({ limited: true, net: -18_000_000 });
  });
});

describe('disaster relief (§ 425.605(f), § 425.610(i))', () => {
  const loss = inputs({ track: 'BASIC_C', msrMlr: { kind: 'fixed', rate: 0.01 }, expenditurePerCapita: 12_500 }); // $1.5M owed
  it('reduces shared losses by the affected share of the year and of beneficiaries', () => {
    // 6 of 12 months × 100% of beneficiaries → half relieved
    expect(settle({ ...loss, disaster: { kind: 'share', share: 0.5 } })).toMatchObject({ afterLimit: -1_500_000, disasterAdjustment: 750_000, net: -750_000 });
  });
  it('takes a known dollar relief, never more than the losses', () => {
    expect(settle({ ...loss, disaster: { kind: 'amount', dollars: 200_000 } }).net).toBe(-1_300_000);
    expect(settle({ ...loss, disaster: { kind: 'amount', dollars: 9_000_000 } }).net).toBe(0);
  });
  it('does not touch savings', () => {
    expect(settle(inputs({ disaster: { kind: 'share', share: 1 } })).net).toBe(2_352_000);
  });
});

describe('low-revenue BASIC ACOs below the MSR (§ 425.605(h), PY2024+)', () => {
  const below = inputs({ performanceYear: 2024, revenueCategory: 'low', expenditurePerCapita: 11_700 }); // 2.5% < MSR 3%
  it('shares at half the maximum rate within half the payment limit', () => {
    // $3M × 20% = $600,000 × 0.98 = $588,000
    const s = settle(below);
    expect(s).toMatchObject({ outcome: 'shared-savings', sharingRate: 0.2, limit: 6_000_000 });
    expect(s.net).toBeCloseTo(588_000, 6);
    // level C: 25%
    expect(settle({ ...below, track: 'BASIC_C' }).net).toBeCloseTo(735_000, 6);
  });
  it('does not apply to high-revenue, ENHANCED, small (< 5,000) ACOs, PY2023, or without the quality standard', () => {
    expect(settle({ ...below, revenueCategory: 'high' }).net).toBe(0);
    expect(settle({ ...below, track: 'ENHANCED' }).net).toBe(0);
    expect(settle({ ...below, assignedBeneficiaries: 4_900 }).net).toBe(0);
    expect(settle({ ...below, performanceYear: 2023 }).net).toBe(0);
    expect(settle({ ...below, quality: { score: 0.9, standard: 'not-met' } }).net).toBe(0);
  });
});

describe('input validation', () => {
  it('rejects an unknown performance year or a fixed rate outside the elections', () => {
    expect(() => settle(inputs({ performanceYear: 2021 as never }))).toThrow();
    expect(() => settle(inputs({ msrMlr: { kind: 'fixed', rate: 0.03 as never } }))).toThrow();
  });
});
