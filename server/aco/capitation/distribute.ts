// Capitation and bonus distribution to member practices: a payer's PMPM pool paid by member months (optionally
// risk-adjusted, budget-neutral), less a withhold and plus its return, and a quality bonus pool shared by
// measure points where the practice has the minimum denominator. Amounts are settled in whole cents.
import { z } from 'zod';
import { allocateCents } from './allocate.ts';

export const capitationInputsSchema = z.object({
  /** Payer's per-member-per-month capitation rate, dollars. */
  pmpm: z.number().nonnegative(),
  /** Weight member months by each practice's average risk score (normalized so the pool is unchanged). */
  riskAdjusted: z.boolean().default(false),
  /** Share of capitation withheld, and the share of the withhold the payer returned for the period. */
  withhold: z.object({ rate: z.number().min(0).max(1), returnRate: z.number().min(0).max(1) }).default({ rate: 0, returnRate: 0 }),
  /** Quality bonus pool, dollars. */
  qualityBonusPool: z.number().nonnegative().default(0),
  /** A measure earns a practice points only with at least this many patients in its denominator. */
  minimumDenominator: z.number().int().nonnegative().default(20),
  /** 'points': bonus ∝ a practice's measure points; 'points-x-member-months': ∝ points × member months. */
  bonusWeighting: z.enum(['points', 'points-x-member-months']).default('points'),
  practices: z
    .array(
      z.object({
        practiceId: z.string().min(1),
        memberMonths: z.number().nonnegative(),
        riskScore: z.number().positive().default(1),
        measures: z
          .array(z.object({ measureId: z.string(), denominator: z.number().int().nonnegative(), points: z.number().min(0).max(10) }))
          .default([]),
      }),
    )
    .min(1),
});
export type CapitationInputs = z.input<typeof capitationInputsSchema>;

export interface PracticeStatement {
  practiceId: string;
  memberMonths: number;
  riskScore: number;
  /** Share of the capitation pool. */
  capitationShare: number;
  capitationGross: number;
  withheld: number;
  capitationPaid: number;
  withholdReturned: number;
  qualityPoints: number;
  measuresCounted: string[];
  /** Measures left out for a denominator under the minimum. */
  measuresBelowMinimum: string[];
  qualityBonus: number;
  totalPaid: number;
}

export interface CapitationDistribution {
  pool: number;
  withheld: number;
  withholdReturned: number;
  withholdRetainedByPayer: number;
  qualityBonusPaid: number;
  /** Bonus pool left undistributed (no practice earned points). */
  qualityBonusUndistributed: number;
  practices: PracticeStatement[];
}

const cents = (dollars: number) => Math.round(dollars * 100);
const dollars = (c: number) => c / 100;

export function distributeCapitation(raw: CapitationInputs): CapitationDistribution {
  const inputs = capitationInputsSchema.parse(raw);
  const totalMemberMonths = inputs.practices.reduce((s, p) => s + p.memberMonths, 0);
  const poolCents = cents(inputs.pmpm * totalMemberMonths);
  const capWeights = inputs.practices.map((p) => p.memberMonths * (inputs.riskAdjusted ? p.riskScore : 1));
  const gross = allocateCents(poolCents, capWeights);
  // Withhold per practice; the returned part goes back in proportion to what each practice had withheld.
  const withheld = gross.map((g) => Math.round(g * inputs.withhold.rate));
  const withheldCents = withheld.reduce((a, b) => a + b, 0);
  const returned = allocateCents(Math.round(withheldCents * inputs.withhold.returnRate), withheld);
  const scored = inputs.practices.map((p) => {
    const counted = p.measures.filter((m) => m.denominator >= inputs.minimumDenominator);
    return {
      points: counted.reduce((s, m) => s + m.points, 0),
      counted: counted.map((m) => m.measureId),
      below: p.measures.filter((m) => m.denominator < inputs.minimumDenominator).map((m) => m.measureId),
    };
  });
  const bonusWeights = scored.map((s, i) => s.points * (inputs.bonusWeighting === 'points' ? 1 : inputs.practices[i]!.memberMonths));
  const bonus = allocateCents(cents(inputs.qualityBonusPool), bonusWeights);
  const capWeightTotal = capWeights.reduce((a, b) => a + b, 0);
  const practices = inputs.practices.map((p, i): PracticeStatement => ({
    practiceId: p.practiceId,
    memberMonths: p.memberMonths,
    riskScore: p.riskScore,
    capitationShare: capWeightTotal > 0 ? capWeights[i]! / capWeightTotal : 0,
    capitationGross: dollars(gross[i]!),
    withheld: dollars(withheld[i]!),
    capitationPaid: dollars(gross[i]! - withheld[i]!),
    withholdReturned: dollars(returned[i]!),
    qualityPoints: scored[i]!.points,
    measuresCounted: scored[i]!.counted,
    measuresBelowMinimum: scored[i]!.below,
    qualityBonus: dollars(bonus[i]!),
    totalPaid: dollars(gross[i]! - withheld[i]! + returned[i]! + bonus[i]!),
  }));
  const returnedCents = returned.reduce((a, b) => a + b, 0);
  const bonusCents = bonus.reduce((a, b) => a + b, 0);
  return {
    pool: dollars(poolCents),
    withheld: dollars(withheldCents),
    withholdReturned: dollars(returnedCents),
    withholdRetainedByPayer: dollars(withheldCents - returnedCents),
    qualityBonusPaid: dollars(bonusCents),
    qualityBonusUndistributed: dollars(cents(inputs.qualityBonusPool) - bonusCents),
    practices,
  };
}
