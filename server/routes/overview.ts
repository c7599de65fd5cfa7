// GET /api/overview: every measure of a run at a glance for the network or one practice, all payers or one,
// from the precomputed cube (measure_rate) and trend (measure_trend): nothing aggregates measure_result here.
//
// Query (all optional): run (finished run id; default the latest), payer ('*' default, or a payer from
// filters.payers), practice (a practice id from filters.practices; absent = the network).
// Response 200:
// {
//   run: { run_id: number, period_start: 'YYYY-MM-DD', period_end: 'YYYY-MM-DD', as_of: 'YYYY-MM-DD',
//          attribution_method: 'visits' | 'claims' },
//   scope: { practice_id: string | null, payer: string },
//   filters: { payers: string[], practices: [{ practice_id: string, name: string }] },
//   measures: [{                                       // registry order, one per measure x population group
//     measure_id: string, group_id: string, cms_id: string, mips_id: string | null, title: string,
//     inverse: boolean,                                // lower rate is better (CMS122)
//     initial_population, denominator, denominator_exclusion, denominator_exception, numerator,
//     performance_denominator, open_gaps: number,
//     performance_rate: number | null,                 // percent 0-100; null when nobody is eligible
//     below_case_minimum: boolean,                     // fewer than 20 eligible (MIPS case minimum)
//     benchmark: { performance_year, collection_type, benchmark_measure_id, benchmark_type, is_topped_out,
//                  decile, decile_points, achievement_points, scoring_rule,
//                  percentiles: number[9] | null } | null,   // null: no MIPS id, or no patients in scope
//     trend: [{ month_end: 'YYYY-MM-DD', numerator: number, performance_denominator: number,
//               performance_rate: number | null }]     // year to date, one per month of the period
//   }]
// }
// Errors: 400 InvalidInput (bad parameter), 404 NotFound (no finished run, unknown run or practice).
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { notFound } from '../errors.ts';
import { runMeasureGroups } from '../marts/build.ts';
import { DashboardParams, dashboardRun, measureFacts, runSummary } from '../marts/run.ts';

const OverviewQuery = z
  .object({ run: DashboardParams.run, payer: DashboardParams.payer, practice: DashboardParams.id.optional() })
  .strict();

export function overviewRouter(db: Database): Router {
  const router = Router();
  router.get('/overview', async (req, res) => {
    const query = OverviewQuery.parse(req.query);
    const run = await dashboardRun(db, query.run);
    const scope = {
      run_id: run.run_id,
      entity_type: query.practice === undefined ? 'network' : 'practice',
      entity_id: query.practice ?? '*',
      payer: query.payer,
    };
    const [payers, practices, rates, trend] = await Promise.all([
      db.queryFile('marts/dashboard/payers', { run_id: run.run_id }),
      db.queryFile('marts/dashboard/practices', { run_id: run.run_id }),
      db.queryFile('marts/dashboard/rates', { ...scope, measures: runMeasureGroups(run.measures) }),
      db.queryFile('marts/dashboard/trend', { ...scope, measure_id: null, group_id: null }),
    ]);
    if (query.practice !== undefined && !practices.some((p) => p.practice_id === query.practice)) throw notFound(`Practice ${query.practice}`);
    const trendOf = (r: Row) =>
      trend
        .filter((t) => t.measure_id === r.measure_id && t.group_id === r.group_id)
        .map(({ measure_id: _m, group_id: _g, ...month }) => month);
    res.json({
      run: runSummary(run),
      scope: { practice_id: query.practice ?? null, payer: query.payer },
      filters: { payers: payers.map((p) => p.payer), practices: practices.map(({ practice_id, name }) => ({ practice_id, name })) },
      measures: rates.map((r) => ({
        measure_id: r.measure_id,
        group_id: r.group_id,
        ...measureFacts(r.measure_id as string),
        ...r,
        trend: trendOf(r),
      })),
    });
  });
  return router;
}
