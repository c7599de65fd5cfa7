// GET /api/measures/runs (finished measure runs, latest first) and GET /api/measures (one run's rates per
// measure x population group for the network or one practice, sql/marts/measure_rates.sql, with the
// registry's titles and ids and the MIPS benchmark placement).
import { getJson } from './http.ts';

export interface MeasureRun {
  run_id: number;
  period_start: string;
  period_end: string;
  as_of: string;
  /** ISO-8601 UTC */
  finished_at: string;
  measure_count: number;
}

/** A practice the rates can be filtered by; 'Unattributed' collects patients with no attribution. */
export interface PracticeOption {
  practice_id: string;
  practice_name: string;
  /** whether the run attributed any result patient to it */
  has_results: boolean;
}

export type ScoringRule = 'Benchmarked' | 'BenchmarkedToppedOutCap' | 'NoBenchmark' | 'BelowCaseMinimum' | 'DataCompletenessNotMet';

/** Where a rate falls on the MIPS eCQM benchmark of the run's year (server/measures/benchmarks.ts). */
export interface BenchmarkPlacement {
  performance_year: number;
  collection_type: string;
  benchmark_measure_id: string | null;
  benchmark_type: 'historical' | 'flat' | null;
  is_topped_out: boolean | null;
  decile: number | null;
  decile_points: number | null;
  achievement_points: number | null;
  scoring_rule: ScoringRule;
  /** p10..p90 of the benchmark on the rate's own scale (decile boundaries), null without a benchmark */
  percentiles: number[] | null;
}

export interface MeasureRate {
  measure_id: string;
  cms_id: string;
  mips_id: string | null;
  title: string;
  /** lower rate is better (improvement notation 'decrease', e.g. CMS122) */
  inverse: boolean;
  group_id: string;
  initial_population: number;
  denominator: number;
  denominator_exclusion: number;
  denominator_exception: number;
  numerator: number;
  /** denominator - exclusions - exceptions */
  performance_denominator: number;
  /** percent 0-100; null when no patient is eligible */
  performance_rate: number | null;
  open_gaps: number;
  /** fewer than 20 eligible patients (MIPS case minimum) */
  below_case_minimum: boolean;
  /** null for measures outside MIPS */
  benchmark: BenchmarkPlacement | null;
}

export interface MeasureRates {
  /** attribution_method: how the run attributed patients to practices ('visits' | 'claims') */
  run: Omit<MeasureRun, 'measure_count'> & { attribution_method: string };
  practice_id: string | null;
  practices: PracticeOption[];
  measures: MeasureRate[];
}

export const fetchMeasureRuns = () => getJson<{ runs: MeasureRun[] }>('/api/measures/runs');

export function fetchMeasureRates(runId: number, practiceId?: string): Promise<MeasureRates> {
  const query = new URLSearchParams({ run: String(runId) });
  if (practiceId) query.set('practice', practiceId);
  return getJson<MeasureRates>(`/api/measures?${query}`);
}
