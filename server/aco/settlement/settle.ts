// One MSSP performance-year settlement: a pure function of SettlementInputs (42 CFR 425 subpart G).
import { percent as pct } from './format.ts';
import { minimumRates } from './minimum-rates.ts';
import { lossSharingRate, savingsSharingRate } from './sharing-rates.ts';
import { TRACK_RULES } from './tracks.ts';
import { settlementInputsSchema, type ParsedSettlementInputs, type Settlement, type SettlementInputs } from './types.ts';

/** § 425.605(h) (shared savings below the MSR for low-revenue BASIC ACOs) applies from PY2024. */
const BELOW_MSR_SAVINGS_FROM: number = 2024;

export function settle(raw: SettlementInputs): Settlement {
  return settleParsed(settlementInputsSchema.parse(raw));
}

/** `settle` for inputs already validated (the risk simulation settles thousands of draws of one network). */
export function settleParsed(inputs: ParsedSettlementInputs): Settlement {
  const benchmarkTotal = inputs.updatedBenchmarkPerCapita * inputs.personYears;
  const expenditureTotal = inputs.expenditurePerCapita * inputs.personYears;
  // § 425.605(a), § 425.610(a): per capita expenditures compared with the updated benchmark.
  const grossSavings = benchmarkTotal - expenditureTotal;
  const savingsRate = grossSavings / benchmarkTotal;
  const minimum = minimumRates(inputs);
  const base = {
    inputs,
    benchmarkTotal,
    expenditureTotal,
    grossSavings,
    savingsRate,
    minimumSavingsRate: minimum.msr,
    minimumLossRate: minimum.mlr,
  };

  // § 425.605(c), § 425.610(c): savings at or above the MSR are shared from the first dollar.
  if (grossSavings > 0 && savingsRate >= minimum.msr) {
    const rate = savingsSharingRate(inputs);
    return shareSavings(base, rate.rate, TRACK_RULES[inputs.track].paymentLimitOfBenchmark, `savings rate ${pct(savingsRate)} ≥ MSR ${pct(minimum.msr)} (${minimum.basis}); ${rate.reason}`);
  }
  // § 425.605(d), § 425.610(f): losses at or above the MLR are shared from the first dollar.
  if (grossSavings < 0 && minimum.mlr !== null && -savingsRate >= minimum.mlr) {
    return shareLosses(base, inputs, `loss rate ${pct(-savingsRate)} ≥ MLR ${pct(minimum.mlr)} (${minimum.basis})`);
  }
  if (grossSavings > 0 && belowMsrSavingsApply(inputs)) {
    // § 425.605(h): half the level's maximum sharing rate (quality-scaled like the full rate) and half its
    // performance payment limit.
    const rate = savingsSharingRate(inputs);
    const rules = TRACK_RULES[inputs.track];
    return shareSavings(
      base,
      rate.rate / 2,
      rules.paymentLimitOfBenchmark / 2,
      `savings rate ${pct(savingsRate)} below MSR ${pct(minimum.msr)}: low-revenue BASIC ACO shares at half rate (§ 425.605(h)); ${rate.reason}`,
    );
  }
  const side = grossSavings >= 0 ? `savings rate ${pct(savingsRate)} below MSR ${pct(minimum.msr)}` : minimum.mlr === null ? `one-sided ${TRACK_RULES[inputs.track].label}: losses not shared` : `loss rate ${pct(-savingsRate)} below MLR ${pct(minimum.mlr)}`;
  return {
    ...base,
    outcome: 'within-corridor',
    reason: `${side} (${minimum.basis})`,
    sharingRate: 0,
    beforeLimit: 0,
    limit: 0,
    limited: false,
    afterLimit: 0,
    sequestration: 0,
    disasterAdjustment: 0,
    net: 0,
  };
}

type Base = Pick<Settlement, 'inputs' | 'benchmarkTotal' | 'expenditureTotal' | 'grossSavings' | 'savingsRate' | 'minimumSavingsRate' | 'minimumLossRate'>;

/** § 425.605(h)(1): low-revenue BASIC ACO, ≥ 5,000 assigned beneficiaries, positive savings below the MSR, quality met. */
function belowMsrSavingsApply(inputs: ParsedSettlementInputs): boolean {
  return (
    inputs.performanceYear >= BELOW_MSR_SAVINGS_FROM &&
    inputs.track !== 'ENHANCED' &&
    inputs.revenueCategory === 'low' &&
    inputs.assignedBeneficiaries >= 5_000 &&
    inputs.quality.standard !== 'not-met'
  );
}

function shareSavings(base: Base, sharingRate: number, limitOfBenchmark: number, reason: string): Settlement {
  const beforeLimit = base.grossSavings * sharingRate;
  // Performance payment limit: § 425.605(d)(1)(i)–(v), § 425.610(e).
  const limit = limitOfBenchmark * base.benchmarkTotal;
  const afterLimit = Math.min(beforeLimit, limit);
  // Sequestration (Budget Control Act, 2 U.S.C. 901a) reduces each shared savings payment.
  const sequestration = afterLimit * base.inputs.sequestrationRate;
  return {
    ...base,
    outcome: 'shared-savings',
    reason,
    sharingRate,
    beforeLimit,
    limit,
    limited: beforeLimit > limit,
    afterLimit,
    sequestration,
    disasterAdjustment: 0,
    net: afterLimit - sequestration,
  };
}

function shareLosses(base: Base, inputs: ParsedSettlementInputs, reason: string): Settlement {
  const rate = lossSharingRate(inputs);
  const owed = -base.grossSavings * rate.rate;
  const limit = lossLimit(base.benchmarkTotal, inputs);
  const capped = Math.min(owed, limit);
  // Extreme and uncontrollable circumstances, § 425.605(f) and § 425.610(i): shared losses are reduced by the
  // share of months affected × share of assigned beneficiaries in affected areas (or a known amount).
  const disaster = inputs.disaster;
  const relief = !disaster ? 0 : disaster.kind === 'share' ? capped * disaster.share : Math.min(capped, disaster.dollars);
  return {
    ...base,
    outcome: 'shared-losses',
    reason: `${reason}; ${rate.reason}`,
    sharingRate: rate.rate,
    beforeLimit: -owed,
    limit,
    limited: owed > limit,
    afterLimit: -capped,
    sequestration: 0,
    disasterAdjustment: relief,
    net: -capped + relief,
  };
}

/**
 * Loss-sharing limit, § 425.605(d)(1)(iii)–(v) (BASIC: a share of ACO participant revenue, no more than a share
 * of the benchmark) and § 425.610(g) (ENHANCED: 15% of the benchmark). Without participant revenue only the
 * benchmark-based limit can be applied.
 */
function lossLimit(benchmarkTotal: number, inputs: ParsedSettlementInputs): number {
  const rule = TRACK_RULES[inputs.track].lossLimit;
  if (!rule) return 0;
  const byBenchmark = rule.ofBenchmark * benchmarkTotal;
  if (rule.ofRevenue === null || inputs.participantRevenue === undefined) return byBenchmark;
  return Math.min(byBenchmark, rule.ofRevenue * inputs.participantRevenue);
}
