// The ACO participation planner (issue 5): the settlement inputs the network's data gives, what-if scenarios on
// them, the network among the MSSP ACOs of a published year, and a capitation statement per practice. Every
// route is a pure computation over network-level aggregates, so each is a GET (cacheable, no CSRF token) and any
// signed-in role may call it.
//
// GET /api/planner/baseline?year → 200
//   { performanceYear, available: false, reason } when the network's data cannot give the inputs (no CCLF claims), else
//   { performanceYear, available: true, inputs: SettlementInputs (server/aco/settlement/types.ts),
//     sources: { [input]: 'data' | 'default' | 'override' },
//     byEnrollmentType: [{ enrollment_type, beneficiaries, person_years, expenditure, truncated_expenditure,
//                          expenditure_per_capita, raw_risk_score, risk_score, cost_per_risk }],
//     assignment: { step1, step2, byPractice: { [practiceId]: n } }, risk: { modelVersion, paymentYear, … },
//     benchmark: { puf: file name, estimatePerCapita }, costBeneficiaries, deriveMs,
//     quality: { runId, standardThreshold, healthEquityBonusPoints, alternativeMet,
//                measures: [{ measureId, title, mipsId, inverse, numerator, denominator, ratePercent, points, openGaps }] } }
// GET /api/planner/scenario?year&track&benchmark&expenditure&beneficiaries&quality&standard&msr&revenue
//                          &msrRate&gapMeasure&gaps&draws&seed&stopLoss&coinsurance → 200
//   overrides (all optional): track (TRACKS), benchmark / expenditure (dollars per capita), beneficiaries
//   (person-years follow at the network's months per beneficiary), quality (score 0–1; not with gapMeasure),
//   standard (met | alternative | not-met), msr (two-sided election: variable | 0 | 0.005 | 0.01 | 0.015 | 0.02) or
//   msrRate (the MSR/MLR CMS reported, 0–0.2; needed below 500 beneficiaries), revenue (low | high),
//   gapMeasure + gaps (close N open gaps in a measure of the quality score); draws (100–20,000, default 10,000),
//   seed (default 1), stopLoss (attachment point, dollars) + coinsurance (0–1, default 0).
//   { performanceYear, inputs, sources: { [input]: 'data' | 'default' | 'override' | 'scenario' },
//     settlement: Settlement without inputs,
//     waterfall: [{ step, label, kind: 'total' | 'change', value, runningTotal, note }]  // payment value = settlement.net
//     tracks: [{ track, label, twoSided, outcome, savingsRate, minimumSavingsRate, minimumLossRate, sharingRate,
//                limited, net, reason }],
//     gapClosure: { measureId, gapsClosed, rateBefore, rateAfter, pointsBefore, pointsAfter, qualityBefore,
//                   qualityAfter, dollars } | null,
//     risk: { draws, seed, beneficiaries, costBeneficiaries, stopLoss, mean, p5, p50, p95, probabilityOfOwing,
//             probabilityOfSavings, histogram: [{ x0, x1, count }], ms } | null }     // null: no per-beneficiary costs
// GET /api/planner/peers?year=2022|2023 → 200 { year, file, acos: [{ aco_id, aco_name, track,
//     assigned_beneficiaries, savings_rate, earned_savings_losses, quality_score }] }   // rates as fractions
// GET /api/planner/capitation?year&pmpm&riskAdjusted&withhold&withholdReturn&bonusPool&minimumDenominator
//                            &bonusWeighting → 200
//   { performanceYear, runId, inputs, distribution: CapitationDistribution (server/aco/capitation/distribute.ts)
//     with each practice's name }; member months and risk are the ACO's assigned beneficiaries per practice,
//   quality points the practice's APP Plus measures in the quality run.
// Errors: 400 InvalidInput; 404 NotFound from scenario and capitation when the baseline is not available.
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { APP_PLUS_MEASURED } from '../aco/inputs/aco-inputs.ts';
import { distributeCapitation } from '../aco/capitation/distribute.ts';
import { PERFORMANCE_YEARS, TRACKS, type PerformanceYear } from '../aco/settlement/types.ts';
import { config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { ensureRunMarts } from '../marts/build.ts';
import { MEASURES } from '../measures/registry.ts';
import { BaselineCache, NoBaselineError, baselineJson } from './planner-baseline.ts';
import { evaluateScenario } from './planner-scenario.ts';

const DEFAULT_YEAR: PerformanceYear = (PERFORMANCE_YEARS as readonly number[]).includes(config.CALIPER_PERIOD_YEAR)
  ? (config.CALIPER_PERIOD_YEAR as PerformanceYear)
  : PERFORMANCE_YEARS[PERFORMANCE_YEARS.length - 1]!;
/** The published PUFs in refdata/mssp_puf. */
const PUF_YEARS = ['2022', '2023'] as const;

const Year = z.coerce.number().pipe(z.literal(PERFORMANCE_YEARS)).default(DEFAULT_YEAR);
const Dollars = z.coerce.number().nonnegative().max(10_000_000);
const Fraction = z.coerce.number().min(0).max(1);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const BaselineQuery = z.object({ year: Year }).strict();

const ScenarioQuery = z
  .object({
    year: Year,
    track: z.enum(TRACKS).optional(),
    benchmark: Dollars.positive().optional(),
    expenditure: Dollars.optional(),
    beneficiaries: z.coerce.number().int().positive().max(10_000_000).optional(),
    quality: Fraction.optional(),
    standard: z.enum(['met', 'alternative', 'not-met']).optional(),
    msr: z.enum(['variable', '0', '0.005', '0.01', '0.015', '0.02']).optional(),
    msrRate: z.coerce.number().min(0).max(0.2).optional(),
    revenue: z.enum(['low', 'high']).optional(),
    gapMeasure: z.string().regex(/^[\w-]{1,32}$/).optional(),
    gaps: z.coerce.number().int().min(0).max(10_000_000).optional(),
    draws: z.coerce.number().int().min(100).max(20_000).default(10_000),
    seed: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
    stopLoss: Dollars.positive().optional(),
    coinsurance: Fraction.default(0),
  })
  .strict()
  .refine((q) => q.quality === undefined || q.gapMeasure === undefined, { message: 'give a quality score or a gap-closure scenario, not both', path: ['quality'] })
  .refine((q) => (q.gaps === undefined) === (q.gapMeasure === undefined), { message: 'gaps and gapMeasure go together', path: ['gaps'] })
  .refine((q) => q.msr === undefined || q.msrRate === undefined, { message: 'give an MSR/MLR election or a rate, not both', path: ['msrRate'] });

const PeersQuery = z.object({ year: z.enum(PUF_YEARS).default('2023') }).strict();

const CapitationQuery = z
  .object({
    year: Year,
    pmpm: Dollars,
    riskAdjusted: Flag.default(false),
    withhold: Fraction.default(0),
    withholdReturn: Fraction.default(0),
    bonusPool: Dollars.default(0),
    minimumDenominator: z.coerce.number().int().min(0).max(100_000).default(20),
    bonusWeighting: z.enum(['points', 'points-x-member-months']).default('points'),
  })
  .strict();

interface PracticeRow {
  practice_id: string;
  name: string;
  member_months: number;
  risk_score: number | null;
  measures: { measure_id: string; denominator: number; points: number }[];
}

export function plannerRouter(db: Database): Router {
  const router = Router();
  const baselines = new BaselineCache(db);

  router.get('/planner/baseline', async (req, res) => {
    const { year } = BaselineQuery.parse(req.query);
    try {
      res.json(baselineJson(await baselines.get(year)));
    } catch (error) {
      // A network without the data is a state of the screen, not a failed request.
      if (error instanceof NoBaselineError) res.json({ performanceYear: year, available: false, reason: error.message });
      else throw error;
    }
  });

  router.get('/planner/scenario', async (req, res) => {
    const { year, stopLoss, coinsurance, ...overrides } = ScenarioQuery.parse(req.query);
    const baseline = await baselines.get(year);
    try {
      res.json(await evaluateScenario(db, baseline, { ...overrides, stopLossAttachment: stopLoss, stopLossCoinsurance: coinsurance }));
    } catch (error) {
      // The settlement model refuses inputs the rules do not cover (the variable MSR below 500 beneficiaries).
      if (error instanceof RangeError) throw new HttpError(400, 'InvalidInput', error.message, [{ path: 'msrRate', message: error.message }]);
      throw error;
    }
  });

  router.get('/planner/peers', async (req, res) => {
    const { year } = PeersQuery.parse(req.query);
    const file = `PY${year}_ACO_Results_PUF.csv`;
    const acos = await db.queryFile('marts/planner/puf_acos', { puf_path: path.join(config.CALIPER_REFDATA, 'mssp_puf', file) });
    res.json({ year: Number(year), file, acos });
  });

  router.get('/planner/capitation', async (req, res) => {
    const { year, pmpm, riskAdjusted, withhold, withholdReturn, bonusPool, minimumDenominator, bonusWeighting } = CapitationQuery.parse(req.query);
    const baseline = await baselines.get(year); // derives the year's assigned beneficiaries
    const runId = baseline.detail.quality.runId;
    if (runId !== null) await ensureRunMarts(db, runId);
    const measures = MEASURES.filter((m) => m.mipsId !== null && (APP_PLUS_MEASURED as readonly string[]).includes(m.mipsId)).map((m) => m.id);
    const rows = (await db.queryFile('marts/planner/practice_capitation', {
      performance_year: year,
      run_id: runId,
      measures: JSON.stringify(measures),
    })) as unknown as PracticeRow[];
    if (rows.length === 0) throw new HttpError(404, 'NotFound', 'No member practices loaded');
    const inputs = {
      pmpm,
      riskAdjusted,
      withhold: { rate: withhold, returnRate: withholdReturn },
      qualityBonusPool: bonusPool,
      minimumDenominator,
      bonusWeighting,
      practices: rows.map((r) => ({
        practiceId: r.practice_id,
        memberMonths: r.member_months,
        ...(r.risk_score === null ? {} : { riskScore: r.risk_score }),
        measures: r.measures.map((m) => ({ measureId: m.measure_id, denominator: m.denominator, points: m.points })),
      })),
    };
    const distribution = distributeCapitation(inputs);
    const names = new Map(rows.map((r) => [r.practice_id, r.name]));
    res.json({
      performanceYear: year,
      runId,
      inputs: { pmpm, riskAdjusted, withhold, withholdReturn, bonusPool, minimumDenominator, bonusWeighting },
      distribution: { ...distribution, practices: distribution.practices.map((p) => ({ ...p, name: names.get(p.practiceId) ?? p.practiceId })) },
    });
  });

  return router;
}
