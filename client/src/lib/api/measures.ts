// GET /api/measures/runs: the finished measure runs, latest first (the period filter of every screen).
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

export const fetchMeasureRuns = () => getJson<{ runs: MeasureRun[] }>('/api/measures/runs');
