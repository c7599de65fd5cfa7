// Shapes shared by the dashboard's JSON endpoints (server/routes/overview.ts, measure.ts, patients.ts): the run a
// response describes, population counts in eCQM proportion scoring, and a rate's MIPS benchmark placement.
export interface RunInfo {
  run_id: number;
  period_start: string;
  period_end: string;
  as_of: string;
  /** how the run attributed patients to practices ('visits' | 'claims') */
  attribution_method: string;
}

export interface PopulationCounts {
  initial_population: number;
  denominator: number;
  denominator_exclusion: number;
  denominator_exception: number;
  numerator: number;
  /** denominator - exclusions - exceptions */
  performance_denominator: number;
  /** percent 0-100; null when no patient is eligible */
  performance_rate: number | null;
}

/** Where a rate falls on the MIPS eCQM benchmark of the run's year (server/measures/benchmarks.ts). */
export interface Benchmark {
  performance_year: number;
  collection_type: string;
  decile: number | null;
  achievement_points: number | null;
  scoring_rule: string;
  /** p10..p90 of the benchmark on the rate's own scale (decile boundaries), null without a benchmark */
  percentiles: number[] | null;
}

export interface TrendPoint {
  month_end: string;
  numerator: number;
  performance_denominator: number;
  performance_rate: number | null;
}
