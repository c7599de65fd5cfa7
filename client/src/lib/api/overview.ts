// GET /api/overview: every measure's network (or one practice's) rate for a run and payer, with its
// benchmark placement and monthly trend (server/routes/overview.ts documents the shape).
import { href } from '../links.ts';
import type { Benchmark, PopulationCounts, RunInfo, TrendPoint } from './dashboard.ts';
import { getJson } from './http.ts';

export interface OverviewMeasure extends PopulationCounts {
  measure_id: string;
  group_id: string;
  cms_id: string;
  mips_id: string | null;
  title: string;
  /** lower rate is better (improvement notation 'decrease', e.g. CMS122) */
  inverse: boolean;
  open_gaps: number;
  /** fewer than 20 eligible patients (MIPS case minimum) */
  below_case_minimum: boolean;
  benchmark: Benchmark | null;
  trend: TrendPoint[];
}

export interface Overview {
  run: RunInfo;
  scope: { practice_id: string | null; payer: string };
  filters: { payers: string[]; practices: { practice_id: string; name: string }[] };
  measures: OverviewMeasure[];
}

export interface OverviewFilters {
  run?: string | null;
  payer?: string | null;
  practice?: string | null;
}

export const fetchOverview = (filters: OverviewFilters) => getJson<Overview>(href('/api/overview', { ...filters }));
