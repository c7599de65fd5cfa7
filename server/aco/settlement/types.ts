// The inputs and result of one MSSP performance-year settlement (42 CFR 425 subpart G).
// The ACO data inputs (server/aco/inputs/) produce SettlementInputs from the network's own data;
// a user may override any field (e.g. the benchmark from CMS's reports).
import { z } from 'zod';

export const PERFORMANCE_YEARS = [2022, 2023, 2024, 2025, 2026] as const;
export type PerformanceYear = (typeof PERFORMANCE_YEARS)[number];

/** § 425.600(a): BASIC glide-path levels A–E (A, B one-sided; C, D, E two-sided) and the ENHANCED track. */
export const TRACKS = ['BASIC_A', 'BASIC_B', 'BASIC_C', 'BASIC_D', 'BASIC_E', 'ENHANCED'] as const;
export type Track = (typeof TRACKS)[number];

/** § 425.605(b)(2)/§ 425.610(b)(1): two-sided ACOs elect a fixed symmetrical MSR/MLR or the variable one. */
export const FIXED_MSR_RATES = [0, 0.005, 0.01, 0.015, 0.02] as const;

export const settlementInputsSchema = z.object({
  performanceYear: z.literal(PERFORMANCE_YEARS),
  track: z.enum(TRACKS),
  /** Assigned beneficiaries (headcount) — sets the variable MSR/MLR (§ 425.604(b), § 425.605(b)). */
  assignedBeneficiaries: z.number().int().nonnegative(),
  /** Assigned beneficiary person years in the performance year: per-capita amounts × this = totals. */
  personYears: z.number().positive(),
  /** Updated benchmark, dollars per assigned beneficiary person year (§ 425.601). */
  updatedBenchmarkPerCapita: z.number().positive(),
  /** Assigned beneficiary expenditures, dollars per person year (§ 425.605(a), truncated and completed by CMS). */
  expenditurePerCapita: z.number().nonnegative(),
  /**
   * MSR/MLR: 'variable' = by assigned beneficiaries (one-sided levels are always variable);
   * a fixed election only applies on two-sided tracks. `override` replaces the computed rate (e.g. CMS's
   * published MSR for an ACO below 5,000 beneficiaries, whose rate CMS sets under § 425.110(b)).
   */
  msrMlr: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('variable') }),
    z.object({ kind: z.literal('fixed'), rate: z.literal(FIXED_MSR_RATES) }),
    z.object({ kind: z.literal('override'), rate: z.number().min(0).max(1) }),
  ]),
  /**
   * Quality (§ 425.512): the (health-equity adjusted) quality performance score as a fraction 0–1, and which
   * standard the ACO met: the quality performance standard, the alternative standard (PY2023+ sliding scale),
   * or neither.
   */
  quality: z.object({
    score: z.number().min(0).max(1),
    standard: z.enum(['met', 'alternative', 'not-met']),
  }),
  /** § 425.20 low-revenue vs high-revenue ACO (participant revenue / benchmark below 35%). */
  revenueCategory: z.enum(['low', 'high']),
  /** Total Medicare Parts A and B FFS revenue of ACO participants; unknown → the revenue-based loss limit is not applied. */
  participantRevenue: z.number().nonnegative().optional(),
  /**
   * Extreme and uncontrollable circumstances (§ 425.605(f), § 425.610(i)): shared losses are reduced by the
   * share of the year affected × share of beneficiaries in affected areas ('share'), or by a known dollar amount.
   */
  disaster: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('share'), share: z.number().min(0).max(1) }),
      z.object({ kind: z.literal('amount'), dollars: z.number().nonnegative() }),
    ])
    .optional(),
  /** Sequestration applied to shared savings payments (2% under the Budget Control Act). */
  sequestrationRate: z.number().min(0).max(1).default(0.02),
});

export type SettlementInputs = z.input<typeof settlementInputsSchema>;
export type ParsedSettlementInputs = z.output<typeof settlementInputsSchema>;

/** Each step of the settlement, in order, so the planner can draw its waterfall. */
export interface Settlement {
  inputs: ParsedSettlementInputs;
  benchmarkTotal: number;
  expenditureTotal: number;
  /** Benchmark minus expenditures (positive = savings), total dollars. */
  grossSavings: number;
  /** Gross savings as a share of the benchmark total. */
  savingsRate: number;
  minimumSavingsRate: number;
  /** Minimum loss rate; null on one-sided levels. */
  minimumLossRate: number | null;
  outcome: 'shared-savings' | 'shared-losses' | 'within-corridor';
  /** Why this outcome: the rule that decided it, with its CFR paragraph. */
  reason: string;
  /** Final sharing rate for savings (after quality), or the final loss sharing rate for losses. */
  sharingRate: number;
  /** Shared savings or losses before limits (positive savings, negative losses). */
  beforeLimit: number;
  /** The performance payment limit or loss-sharing limit that applied, total dollars. */
  limit: number;
  limited: boolean;
  /** After limits, before sequestration / disaster adjustment. */
  afterLimit: number;
  sequestration: number;
  disasterAdjustment: number;
  /** Earned savings (positive, after sequestration) or owed losses (negative, after disaster relief). */
  net: number;
}
