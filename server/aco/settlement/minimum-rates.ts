// Minimum savings rate (MSR) and minimum loss rate (MLR) for a performance year.
import { percent } from './format.ts';
import type { ParsedSettlementInputs } from './types.ts';
import { isTwoSided } from './tracks.ts';

/**
 * Variable MSR by assigned beneficiaries, the § 425.604(b) table as applied by § 425.605(b) (one-sided BASIC
 * levels, and the variable election of two-sided levels) and § 425.610(b) (ENHANCED), where the MLR mirrors the MSR. Between two rows the rate is interpolated linearly on the beneficiary count (§ 425.604(b):
 * "MSR (low end)" to "MSR (high end)" of each range). 60,000 or more: 2.0%.
 *
 * Below 5,000 (ACOs CMS lets continue under § 425.110(b)) CMS sets the rate from the same 90% confidence-interval
 * method; the points under 5,000 here are those CMS applied in PY2022–PY2023, read off the PUF's MinSavPerc
 * (every published sub-5,000 rate is reproduced to 0.01 percentage point by `caliper savings-conformance`).
 * Where CMS reports the ACO's rate, pass it as `msrMlr: { kind: 'override' }` instead.
 */
const VARIABLE_MSR_POINTS: ReadonlyArray<readonly [beneficiaries: number, rate: number]> = [
  [500, 0.122],
  [1_000, 0.087],
  [3_000, 0.05],
  [5_000, 0.039],
  [6_000, 0.036],
  [7_000, 0.034],
  [8_000, 0.032],
  [9_000, 0.031],
  [10_000, 0.03],
  [15_000, 0.027],
  [20_000, 0.025],
  [50_000, 0.022],
  [60_000, 0.02],
];

export function variableMinimumSavingsRate(assignedBeneficiaries: number): number {
  const first = VARIABLE_MSR_POINTS[0]!;
  const last = VARIABLE_MSR_POINTS[VARIABLE_MSR_POINTS.length - 1]!;
  if (assignedBeneficiaries < first[0]) {
    throw new RangeError(`no variable MSR below ${first[0]} assigned beneficiaries: pass CMS's rate as an override`);
  }
  if (assignedBeneficiaries >= last[0]) return last[1];
  for (let i = 0; i + 1 < VARIABLE_MSR_POINTS.length; i++) {
    const [lowN, lowRate] = VARIABLE_MSR_POINTS[i]!;
    const [highN, highRate] = VARIABLE_MSR_POINTS[i + 1]!;
    if (assignedBeneficiaries < highN) return lowRate + ((highRate - lowRate) * (assignedBeneficiaries - lowN)) / (highN - lowN);
  }
  return last[1];
}

export interface MinimumRates {
  msr: number;
  /** null on one-sided levels, which never share losses. */
  mlr: number | null;
  basis: string;
}

export function minimumRates(inputs: ParsedSettlementInputs): MinimumRates {
  const twoSided = isTwoSided(inputs.track);
  const { msrMlr, assignedBeneficiaries } = inputs;
  if (msrMlr.kind === 'override') {
    return { msr: msrMlr.rate, mlr: twoSided ? msrMlr.rate : null, basis: 'MSR/MLR given (CMS-reported)' };
  }
  // § 425.605(b), § 425.610(b): a two-sided ACO whose assigned population falls below 5,000 in the
  // performance year is held to the variable MSR/MLR whatever it elected. One-sided levels are always variable.
  if (msrMlr.kind === 'fixed' && twoSided && assignedBeneficiaries >= 5_000) {
    return { msr: msrMlr.rate, mlr: msrMlr.rate, basis: `fixed ${percent(msrMlr.rate, 1)} MSR/MLR election` };
  }
  const rate = variableMinimumSavingsRate(assignedBeneficiaries);
  return {
    msr: rate,
    mlr: twoSided ? rate : null,
    basis: `variable MSR${twoSided ? '/MLR' : ''} for ${assignedBeneficiaries} assigned beneficiaries`,
  };
}
