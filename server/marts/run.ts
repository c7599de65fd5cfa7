// The finished run a dashboard request reads (the one asked for, or the latest), with its marts built,
// and the query parameters every dashboard route shares.
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpError, notFound } from '../errors.ts';
import { MEASURES } from '../measures/registry.ts';
import { ensureRunMarts } from './build.ts';

const Id = z.string().regex(/^[\w./-]{1,128}$/, 'an id (letters, digits, . _ / -)');

export const DashboardParams = {
  run: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'a measure run id (positive integer)')
    .transform(Number)
    .optional(),
  /** '*' = every payer; else an SOP payer type as stored ('Unknown' = none recorded). */
  payer: z.string().regex(/^(\*|[\w .&/-]{1,64})$/, "'*' or a payer").default('*'),
  id: Id,
};

export interface DashboardRun {
  run_id: number;
  period_start: string;
  period_end: string;
  as_of: string;
  attribution_method: string;
  measures: string[];
}

/** The requested (or latest) finished run; 404 when there is none. Builds its marts on first use. */
export async function dashboardRun(db: Database, runId: number | undefined): Promise<DashboardRun> {
  const [run] = await db.queryFile('marts/measure_run', { run_id: runId ?? null });
  if (!run) throw runId === undefined ? new HttpError(404, 'NotFound', 'No finished measure run yet') : notFound(`Finished measure run ${runId}`);
  await ensureRunMarts(db, run.run_id as number);
  return {
    run_id: run.run_id as number,
    period_start: run.period_start as string,
    period_end: run.period_end as string,
    as_of: run.as_of as string,
    attribution_method: run.attribution_method as string,
    measures: run.measures as string[],
  };
}

/** The run as responses show it. */
export const runSummary = ({ measures: _measures, ...run }: DashboardRun) => run;

/** Registry facts shown beside a measure's numbers (the registry is the one place a measure is defined). */
export function measureFacts(measureId: string) {
  const m = MEASURES.find((d) => d.id === measureId);
  if (!m) throw new Error(`Measure ${measureId} is not in the registry`);
  return { cms_id: m.cmsId, mips_id: m.mipsId, title: m.title, inverse: m.improvementNotation === 'decrease' };
}
