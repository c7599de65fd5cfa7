// The numbers every aggregate export reports for one selection: each measure group's counts and rate
// from the precomputed cube (the dashboard's own queries: sql/marts/dashboard/rates.sql and trend.sql), its MIPS
// benchmark decile, the year-to-date trend and the counts by stratum, with small cells withheld when the
// selection asks for it (suppression.ts). Formats only lay these numbers out.
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import type { MeasureDefinition } from '../measures/types.ts';
import type { Selection } from './selection.ts';
import { publishedCount, publishedRate } from './suppression.ts';

export const COUNT_KEYS = ['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'performance_denominator', 'open_gaps'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
/** Counts as published: null = withheld small cell. */
export type Counts = Record<CountKey, number | null>;

export interface StratumRate {
  stratifier: string;
  stratum: string;
  counts: Counts;
  rate: number | null;
}

export interface TrendPoint {
  month_end: string;
  numerator: number | null;
  performance_denominator: number | null;
  performance_rate: number | null;
}

export interface MeasureRate {
  measure: MeasureDefinition;
  groupId: string;
  counts: Counts;
  /** Performance rate in percent. */
  rate: number | null;
  benchmarkDecile: number | null;
  /** Decile boundaries p10..p90 on the rate's scale. */
  benchmarkPercentiles: number[] | null;
  trend: TrendPoint[];
  strata: StratumRate[];
}

export interface Scorecard {
  selection: Selection;
  generatedAt: Date;
  measures: MeasureRate[];
}

function published(row: Row, suppress: boolean): { counts: Counts; rate: number | null } {
  const n = (k: CountKey) => Number(row[k] ?? 0);
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, publishedCount(n(k), suppress)])) as Counts;
  const rate = publishedRate((row.performance_rate as number | null) ?? null, n('numerator'), n('performance_denominator'), suppress);
  return { counts, rate };
}

const groupKey = (r: Row) => `${r.measure_id}|${r.group_id}`;
const benchmarkOf = (r: Row) => r.benchmark as { decile: number | null; percentiles: number[] | null } | null;

export async function loadScorecard(db: Database, selection: Selection): Promise<Scorecard> {
  const { run, entity, payer, suppress } = selection;
  const measureGroups = selection.measures.flatMap((m) => m.populationGroups.map((g) => ({ measure_id: m.id, group_id: g.id, mips_id: m.mipsId })));
  const cube = { run_id: run.run_id, entity_type: entity.type, entity_id: entity.id, payer };
  const [rates, strata, trend] = await Promise.all([
    db.queryFile('marts/dashboard/rates', { ...cube, measures: JSON.stringify(measureGroups) }),
    db.queryFile('exports/supplemental', { ...cube, cms_payer_groups: selection.format === 'qrda3' }),
    db.queryFile('marts/dashboard/trend', { ...cube, measure_id: null, group_id: null }),
  ]);
  const byId = new Map(selection.measures.map((m) => [m.id, m]));
  return {
    selection,
    generatedAt: new Date(),
    measures: rates.map((row) => ({
      measure: byId.get(String(row.measure_id))!,
      groupId: String(row.group_id),
      ...published(row, suppress),
      benchmarkDecile: benchmarkOf(row)?.decile ?? null,
      benchmarkPercentiles: benchmarkOf(row)?.percentiles ?? null,
      trend: trend
        .filter((t) => groupKey(t) === groupKey(row))
        .map((t) => {
          const numerator = Number(t.numerator);
          const denominator = Number(t.performance_denominator);
          return {
            month_end: String(t.month_end),
            numerator: publishedCount(numerator, suppress),
            performance_denominator: publishedCount(denominator, suppress),
            performance_rate: publishedRate((t.performance_rate as number | null) ?? null, numerator, denominator, suppress),
          };
        }),
      strata: strata
        .filter((s) => groupKey(s) === groupKey(row))
        .map((s) => ({ stratifier: String(s.stratifier), stratum: String(s.stratum), ...published(s, suppress) })),
    })),
  };
}
