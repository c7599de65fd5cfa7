// Measure rates of stored runs: the finished runs, and one run's rates per measure x population group for the
// network or one practice, with their MIPS benchmark placement, read from the run's precomputed rate cube
// (measure_rate, server/marts/build.ts; all payers, unstratified): nothing aggregates measure_result per
// request. Titles, CMS/MIPS ids and improvement notation come from the measure registry, the one place a
// measure is defined.
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { HttpError, notFound } from '../errors.ts';
import { ensureRunMarts, runMeasureGroups } from '../marts/build.ts';
import { MEASURES } from '../measures/registry.ts';
import type { MeasureDefinition } from '../measures/types.ts';

const RatesQuery = z
  .object({
    run: z
      .string()
      .regex(/^[1-9]\d{0,8}$/, 'a measure run id (positive integer)')
      .transform(Number)
      .optional(),
    practice: z.string().regex(/^[\w.-]{1,64}$/, 'a practice id (letters, digits, . _ -)').optional(),
  })
  .strict();

/** The run's measures in registry order; a measure the registry no longer defines has nothing to show. */
const definitionsOf = (measureIds: string[]): MeasureDefinition[] => MEASURES.filter((m) => measureIds.includes(m.id));

export function measuresRouter(db: Database): Router {
  const router = Router();

  router.get('/measures/runs', async (_req, res) => {
    res.json({ runs: await db.queryFile('marts/measure_runs') });
  });

  router.get('/measures', async (req, res) => {
    const query = RatesQuery.parse(req.query);
    const [run] = await db.queryFile('marts/measure_run', { run_id: query.run ?? null });
    if (!run) throw query.run === undefined ? new HttpError(404, 'NotFound', 'No finished measure run yet') : notFound(`Finished measure run ${query.run}`);
    const runId = run.run_id as number;
    await ensureRunMarts(db, runId);
    const definitions = definitionsOf(run.measures as string[]);
    const [practices, rates] = await Promise.all([
      db.queryFile('marts/dashboard/practices', { run_id: runId }),
      db.queryFile('marts/dashboard/rates', {
        run_id: runId,
        entity_type: query.practice === undefined ? 'network' : 'practice',
        entity_id: query.practice ?? '*',
        payer: '*',
        measures: runMeasureGroups(definitions.map((m) => m.id)),
      }),
    ]);
    if (query.practice !== undefined && !practices.some((p) => p.practice_id === query.practice)) {
      throw notFound(`Practice ${query.practice}`);
    }
    const byId = new Map(definitions.map((m) => [m.id, m]));
    res.json({
      run: {
        run_id: runId,
        period_start: run.period_start,
        period_end: run.period_end,
        as_of: run.as_of,
        finished_at: run.finished_at,
        attribution_method: run.attribution_method,
      },
      practice_id: query.practice ?? null,
      practices: practices.map(({ practice_id, name, has_results }) => ({ practice_id, practice_name: name, has_results })),
      measures: rates.map((rate: Row) => {
        const m = byId.get(rate.measure_id as string)!;
        return { measure_id: m.id, cms_id: m.cmsId, mips_id: m.mipsId, title: m.title, inverse: m.improvementNotation === 'decrease', ...rate };
      }),
    });
  });

  return router;
}
