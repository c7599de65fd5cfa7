// MIPS quality benchmarks: load CMS's published benchmarks and place a performance rate on them.
// The scoring rules live in SQL (mips_benchmark_placement, sql/schema/08_attribution_benchmarks.sql) so the
// single-rate call here and bulk placement over a table of rates give the same answer.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { replaceReferenceRows } from './attribution.ts';

export const COLLECTION_TYPES = ['eCQM', 'MIPS CQM', 'Medicare CQM', 'Medicare Part B Claims'] as const;
export type CollectionType = (typeof COLLECTION_TYPES)[number];

/** Loads (or reloads) a benchmark CSV in the layout of refdata/mips_benchmarks; returns the rows loaded. */
export function loadMipsBenchmarks(db: Database, csvPath: string): Promise<number> {
  return replaceReferenceRows(db, 'mips_benchmark', 'benchmarks/load', csvPath);
}

const PlacementInput = z.object({
  measureId: z.string().regex(/^\d{3}$/, 'a three-digit MIPS quality id, e.g. "001"'),
  year: z.number().int().min(2017).max(2100),
  collectionType: z.enum(COLLECTION_TYPES),
  /** Performance rate in percent (0-100), as the benchmarks are. */
  rate: z.number().min(0).max(100).nullable(),
  /** Cases in the performance denominator (case minimum: 20). */
  denominator: z.number().int().min(0),
  /** Patients reported; defaults to the denominator. */
  reported: z.number().int().min(0).optional(),
  /** Patients eligible (meeting the denominator criteria); without it data completeness is not assessed. */
  eligible: z.number().int().min(0).optional(),
  smallPractice: z.boolean().optional(),
});
export type PlacementInput = z.input<typeof PlacementInput>;

export type ScoringRule =
  | 'Benchmarked'
  | 'BenchmarkedToppedOutCap'
  | 'NoBenchmark'
  | 'BelowCaseMinimum'
  | 'DataCompletenessNotMet';

/** One row of mips_benchmark_placement: the inputs echoed, then where the rate falls and what it scores. */
export interface BenchmarkPlacement {
  measure_id: string;
  performance_year: number;
  collection_type: string;
  rate: number | null;
  denominator: number;
  reported: number | null;
  eligible: number | null;
  small_practice: boolean | null;
  benchmark_measure_id: string | null;
  has_benchmark: boolean;
  benchmark_type: 'historical' | 'flat' | null;
  is_inverse: boolean | null;
  is_topped_out: boolean | null;
  is_topped_out_by_program: boolean | null;
  meets_case_minimum: boolean;
  data_completeness: number | null;
  meets_data_completeness: boolean | null;
  decile: number | null;
  /** Points from the benchmark alone (decile + fraction through it, 10 in decile 10), before the scoring rules. */
  decile_points: number | null;
  /** The rate where this decile starts (inclusive) and where the next one starts, on the measure's own scale. */
  decile_start: number | null;
  next_decile_start: number | null;
  scoring_rule: ScoringRule;
  achievement_points: number | null;
}

/** Places one performance rate on its benchmark for a performance year and collection type. */
export async function placeOnBenchmark(db: Database, input: PlacementInput): Promise<BenchmarkPlacement> {
  const p = PlacementInput.parse(input);
  const [row] = await db.queryFile('benchmarks/place_one', {
    measure_id: p.measureId,
    performance_year: p.year,
    collection_type: p.collectionType,
    rate: p.rate,
    denominator: p.denominator,
    reported: p.reported ?? null,
    eligible: p.eligible ?? null,
    small_practice: p.smallPractice ?? null,
  });
  return row as unknown as BenchmarkPlacement;
}
