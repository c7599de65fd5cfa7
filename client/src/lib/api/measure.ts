// GET /api/measures/:measureId: one measure's network rate, practices, providers (at provider level, of one
// practice or all), strata and monthly trend for a run, population group and payer (server/routes/measure.ts
// documents the shape).
import { href } from '../links.ts';
import type { Benchmark, PopulationCounts, RunInfo, TrendPoint } from './dashboard.ts';
import { getJson } from './http.ts';

/** A practice or provider; entity_id 'Unattributed' collects patients attributed to none. */
export interface EntityRate extends PopulationCounts {
  entity_id: string;
  name: string;
  open_gaps: number;
}

export interface PracticeRate extends EntityRate {
  /** the practice's MIPS decile on the network's benchmark, null without one */
  decile: number | null;
}

export interface ProviderRate extends EntityRate {
  practice_id: string | null;
}

export interface StratumRate extends PopulationCounts {
  stratifier: string;
  stratum: string;
  open_gaps: number;
}

export interface MeasureDetail {
  run: RunInfo;
  scope: { group_id: string; payer: string; level: 'practice' | 'provider'; practice_id: string | null };
  measure: {
    measure_id: string;
    cms_id: string;
    mips_id: string | null;
    title: string;
    inverse: boolean;
    groups: { group_id: string; populations: string[] }[];
  };
  network: PopulationCounts & { open_gaps: number; benchmark: Benchmark | null };
  practices: PracticeRate[];
  /** empty at practice level */
  providers: ProviderRate[];
  strata: StratumRate[];
  trend: TrendPoint[];
}

export interface MeasureFilters {
  run?: string | null;
  group?: string | null;
  payer?: string | null;
  level?: string | null;
  /** with level 'provider': that practice's providers only */
  practice?: string | null;
}

export const fetchMeasure = (measureId: string, filters: MeasureFilters) =>
  getJson<MeasureDetail>(href(`/api/measures/${encodeURIComponent(measureId)}`, { ...filters }));
