// GET /api/measures/:measureId: one measure group of a run compared across practices or providers, with
// its network strata and trend, from the precomputed cube (measure_rate) and trend (measure_trend).
//
// Path: measureId = registry id ('cms122'). Query (all optional): run (finished run id; default the latest),
// group (population group id; default the measure's first), payer ('*' default, or a payer), level
// ('practice' default | 'provider': also send providers), practice (with level=provider: only the providers
// of that practice; absent = every provider of the network).
// Counts (below "counts…") are: initial_population, denominator, denominator_exclusion,
// denominator_exception, numerator, performance_denominator, open_gaps (numbers), performance_rate
// (percent 0-100 or null when nobody is eligible).
// Response 200:
// {
//   run: { run_id, period_start, period_end, as_of, attribution_method },
//   scope: { group_id: string, payer: string, level: 'practice' | 'provider', practice_id: string | null },
//   measure: { measure_id, cms_id, mips_id: string | null, title, inverse: boolean,
//              groups: [{ group_id: string, populations: string[] }] },
//   network: { counts…, below_case_minimum: boolean, benchmark: {…as in /api/overview} | null },
//   practices: [{ entity_id, name, counts…, below_case_minimum, decile: number | null }],  // 'Unattributed' included
//   providers: [{ entity_id, name, practice_id: string | null, counts… }],   // [] at level 'practice'; 'Unattributed' = none
//   strata: [{ stratifier: 'age_band' | 'sex' | 'race' | 'ethnicity' | 'payer' | 'stratum', stratum, counts… }],
//   trend: [{ month_end: 'YYYY-MM-DD', numerator, performance_denominator, performance_rate }]
// }
// The payer stratifier is only present with payer '*'. Funnel-plot limits are the client's (d3). Providers
// only come at provider level: the practice view never ships thousands of providers it does not show.
// Errors: 400 InvalidInput, 404 NotFound (no run, a measure or group not in the run).
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { notFound } from '../errors.ts';
import { DashboardParams, dashboardRun, measureFacts, runSummary } from '../marts/run.ts';
import { MEASURES } from '../measures/registry.ts';

const MeasureQuery = z
  .object({
    run: DashboardParams.run,
    group: DashboardParams.id.optional(),
    payer: DashboardParams.payer,
    level: z.enum(['practice', 'provider']).default('practice'),
    practice: DashboardParams.id.optional(),
  })
  .strict();

const COUNTS = ['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'performance_denominator', 'performance_rate', 'open_gaps'] as const;

/** The counts and rate of a cube row. */
const counts = (r: Row) => Object.fromEntries(COUNTS.map((k) => [k, r[k]]));
/** Counts, rate and benchmark placement of the network. */
const placed = (r: Row) => ({ ...counts(r), below_case_minimum: r.below_case_minimum, benchmark: r.benchmark });
/** The network of a payer without patients in this group. */
const EMPTY_NETWORK = { ...Object.fromEntries(COUNTS.map((k) => [k, 0])), performance_rate: null, below_case_minimum: true, benchmark: null };

export function measureRouter(db: Database): Router {
  const router = Router();
  router.get('/measures/:measureId', async (req, res) => {
    const measureId = DashboardParams.id.parse(req.params.measureId);
    const query = MeasureQuery.parse(req.query);
    const run = await dashboardRun(db, query.run);
    const definition = MEASURES.find((m) => m.id === measureId);
    if (!definition || !run.measures.includes(measureId)) throw notFound(`Measure ${measureId} in run ${run.run_id}`);
    const groupId = query.group ?? definition.populationGroups[0]!.id;
    if (!definition.populationGroups.some((g) => g.id === groupId)) throw notFound(`Population group ${groupId} of ${measureId}`);

    const scope = { run_id: run.run_id, measure_id: measureId, group_id: groupId, payer: query.payer };
    const [rows, trend] = await Promise.all([
      db.queryFile('marts/dashboard/measure_entities', { ...scope, level: query.level, practice_id: query.practice ?? null }),
      db.queryFile('marts/dashboard/trend', { ...scope, entity_type: 'network', entity_id: '*' }),
    ]);
    const network = rows.find((r) => r.entity_type === 'network' && r.stratifier === '*');
    res.json({
      run: runSummary(run),
      scope: { group_id: groupId, payer: query.payer, level: query.level, practice_id: query.practice ?? null },
      measure: {
        measure_id: measureId,
        ...measureFacts(measureId),
        groups: definition.populationGroups.map((g) => ({ group_id: g.id, populations: g.populations })),
      },
      network: network ? placed(network) : EMPTY_NETWORK,
      practices: rows
        .filter((r) => r.entity_type === 'practice')
        .map((r) => ({ entity_id: r.entity_id, name: r.name, ...counts(r), below_case_minimum: r.below_case_minimum, decile: r.decile })),
      providers: rows
        .filter((r) => r.entity_type === 'provider')
        .map((r) => ({ entity_id: r.entity_id, name: r.name, practice_id: r.provider_practice_id, ...counts(r) })),
      strata: rows
        .filter((r) => r.entity_type === 'network' && r.stratifier !== '*')
        .map((r) => ({ stratifier: r.stratifier, stratum: r.stratum, ...counts(r) })),
      trend: trend.map(({ measure_id: _m, group_id: _g, ...month }) => month),
    });
  });
  return router;
}
