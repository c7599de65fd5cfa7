// caliper compute: compute every measure (or some) for a measurement period over the loaded data.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { ATTRIBUTION_METHODS } from '../measures/attribution.ts';
import { runMeasures } from '../measures/runner.ts';

const USAGE = `Usage: caliper compute [--year YYYY | --from YYYY-MM-DD --to YYYY-MM-DD] [--measure ID]... [--attribution visits|claims] [--db FILE]

Computes the measures for the measurement period (default: calendar year ${config.CALIPER_PERIOD_YEAR}) into a new run.
  --measure ID     registry id (cms122) or CMS id (CMS122); repeatable; default every measure
  --attribution M  visits (plurality of primary-care visits, default) or claims (MSSP-style allowed charges)`;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Args = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    from: Day.optional(),
    to: Day.optional(),
    measure: z.array(z.string().min(1)).optional(),
    attribution: z.enum(ATTRIBUTION_METHODS).default('visits'),
    db: z.string().min(1).optional(),
  })
  .refine((a) => (a.from === undefined) === (a.to === undefined), '--from and --to go together')
  .refine((a) => a.year === undefined || a.from === undefined, 'give --year or --from/--to, not both');

export async function run(args: string[]): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args,
      options: {
        year: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        measure: { type: 'string', multiple: true },
        attribution: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    options = Args.parse(values);
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : String((error as Error).message);
    console.error(`caliper compute: ${message}\n\n${USAGE}`);
    return 2;
  }
  const year = options.year ?? config.CALIPER_PERIOD_YEAR;
  const periodStart = options.from ?? `${year}-01-01`;
  const periodEnd = options.to ?? `${year}-12-31`;
  const db = await openDatabase(options.db ?? config.CALIPER_DB);
  try {
    const started = performance.now();
    const runId = await runMeasures(db, { periodStart, periodEnd, measures: options.measure, attribution: options.attribution });
    const rows = await db.query(
      `SELECT measure_id, group_id, count(*) FILTER (WHERE denominator) AS denominator,
              count(*) FILTER (WHERE numerator) AS numerator
       FROM measure_result WHERE run_id = $run_id GROUP BY ALL ORDER BY ALL`,
      { run_id: runId },
    );
    console.table(rows);
    console.log(`run ${runId}: ${periodStart} .. ${periodEnd} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    db.close();
  }
}
