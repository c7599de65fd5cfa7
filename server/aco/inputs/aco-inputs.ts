// The settlement model's inputs from the network's own data: assigned beneficiaries and their expenditures by
// enrollment type from the CCLF claims (sql/aco/beneficiaries.sql), CMS-HCC risk scores, a benchmark estimate,
// and the quality score projected from the measured APP Plus rates on the MIPS benchmarks. Every derived value
// can be overridden (e.g. the benchmark from CMS's reports); the result is the settlement model's input type.
import path from 'node:path';
import { z } from 'zod';
import { config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { sqlFile } from '../../db/sql-registry.ts';
import { ensureRunMarts, runMeasureGroups } from '../../marts/build.ts';
import { MEASURES } from '../../measures/registry.ts';
import { qualityOf, type MeasureStanding, type QualityModel } from '../scenarios/quality.ts';
import { PERFORMANCE_YEARS, TRACKS, settlementInputsSchema, type SettlementInputs } from '../settlement/types.ts';

/** The APP Plus quality measures Caliper measures itself (MIPS quality ids); CAHPS and the claims-based measures are not. */
export const APP_PLUS_MEASURED = ['001', '134', '236', '112', '113'] as const;

export const ENROLLMENT_TYPES = ['esrd', 'disabled', 'aged_dual', 'aged_non_dual'] as const;
export type EnrollmentType = (typeof ENROLLMENT_TYPES)[number];

const AcoInputOptions = z.object({
  performanceYear: z.literal(PERFORMANCE_YEARS),
  /** Replace any derived input. */
  overrides: settlementInputsSchema.partial().default({}),
  /** The settlement track when not overridden (the model needs one; the data cannot tell it). */
  track: z.enum(TRACKS).default('BASIC_A'),
  /**
   * Year of the diagnoses the risk scores read. CMS's prospective CMS-HCC scores read the year before the
   * performance year; the default reads the performance year itself, the year the network's claims cover.
   */
  diagnosisYear: z.number().int().min(2000).max(2100).optional(),
  /** CMS-HCC payment year of the model tables; default: the latest loaded year not after the performance year. */
  hccPaymentYear: z.number().int().optional(),
  /** Risk score = raw / normalizationFactor x (1 - codingAdjustment). 2025-2026 factors are not in refdata: inputs. */
  normalizationFactor: z.number().positive().default(1),
  /** MA coding pattern adjustment, the statutory minimum of 5.9% (SSA 1853(a)(1)(C)(ii)) unless given. */
  codingAdjustment: z.number().min(0).max(1).default(0.059),
  /** 99th-percentile truncation per enrollment type (dollars per person-year, 42 CFR 425.601(a)(4)); absent: none. */
  truncation: z.partialRecord(z.enum(ENROLLMENT_TYPES), z.number().positive()).default({}),
  /** A CMS MSSP ACO results PUF for the benchmark estimate; default: refdata's latest year not after the PY. */
  benchmarkPuf: z.string().optional(),
  /** Measure run whose rates the quality score projects; default: the latest finished run of the performance year, else the latest. */
  qualityRunId: z.number().int().optional(),
  /** MIPS Quality score percentile the quality performance standard requires (42 CFR 425.512), as a fraction. */
  qualityStandardThreshold: z.number().min(0).max(1).default(0.4),
  healthEquityBonusPoints: z.number().min(0).max(10).default(0),
  alternativeQualityStandardMet: z.boolean().default(false),
});
export type AcoInputOptions = z.input<typeof AcoInputOptions>;

export interface EnrollmentTypeInputs {
  enrollment_type: EnrollmentType;
  beneficiaries: number;
  person_years: number;
  expenditure: number;
  truncated_expenditure: number;
  expenditure_per_capita: number;
  raw_risk_score: number;
  risk_score: number;
  /** PUF ACOs' spending per unit of risk (benchmark estimate), null when the PUF has none. */
  cost_per_risk: number | null;
}

export interface AcoInputDetail {
  /** What the settlement model receives: derived values with the overrides applied. */
  inputs: SettlementInputs;
  /** Which inputs came from the network's data and which from overrides or defaults. */
  sources: Record<string, 'data' | 'override' | 'default'>;
  byEnrollmentType: EnrollmentTypeInputs[];
  assignment: { step1: number; step2: number; byPractice: Record<string, number> };
  risk: { modelVersion: 'V28'; paymentYear: number; diagnosisYear: number; normalizationFactor: number; codingAdjustment: number };
  benchmark: { puf: string; estimatePerCapita: number | null };
  quality: QualityModel & { runId: number | null; measures: (MeasureStanding & { ratePercent: number | null; scoringRule: string })[] };
  ms: number;
}

/** The settlement model's inputs for a performance year (derived, then overridden). */
export async function acoInputs(db: Database, options: AcoInputOptions): Promise<SettlementInputs> {
  return (await acoInputDetail(db, options)).inputs;
}

/** The inputs with how each was derived: enrollment-type breakdown, assignment, risk, benchmark and quality. */
export async function acoInputDetail(db: Database, options: AcoInputOptions): Promise<AcoInputDetail> {
  const started = performance.now();
  const o = AcoInputOptions.parse(options);
  const year = o.performanceYear;
  const diagnosisYear = o.diagnosisYear ?? year;
  const paymentYear = o.hccPaymentYear ?? (await hccPaymentYear(db, year));
  await db.transaction(async (c) => {
    await c.run('DELETE FROM aco_beneficiary WHERE performance_year = $performance_year', { performance_year: year });
    await c.run(sqlFile('aco/beneficiaries'), {
      performance_year: year,
      window_start: `${year}-01-01`,
      window_end: `${year}-12-31`,
      diagnosis_start: `${diagnosisYear}-01-01`,
      diagnosis_end: `${diagnosisYear}-12-31`,
      model_year: paymentYear,
      model_version: 'V28',
    });
  });
  const puf = o.benchmarkPuf ?? pufFor(year);
  const [summary, costs, assignment] = await Promise.all([
    db.queryFile('aco/enrollment_summary', {
      performance_year: year,
      truncation: JSON.stringify(o.truncation),
      normalization: o.normalizationFactor,
      coding_adjustment: o.codingAdjustment,
    }),
    db.queryFile('aco/benchmark_reference', { puf_path: puf }),
    db.query(
      `SELECT assignment_step, coalesce(practice_id, '') AS practice_id, count(*) AS n
       FROM aco_beneficiary WHERE performance_year = $performance_year GROUP BY ALL`,
      { performance_year: year },
    ),
  ]);
  const costOf = new Map(costs.map((r) => [String(r.enrollment_type), Number(r.cost_per_risk)]));
  const byEnrollmentType = summary.map((r) => ({
    enrollment_type: r.enrollment_type as EnrollmentType,
    beneficiaries: Number(r.beneficiaries),
    person_years: Number(r.person_years),
    expenditure: Number(r.expenditure),
    truncated_expenditure: Number(r.truncated_expenditure),
    expenditure_per_capita: Number(r.expenditure_per_capita),
    raw_risk_score: Number(r.raw_risk_score),
    risk_score: Number(r.risk_score),
    cost_per_risk: costOf.get(String(r.enrollment_type)) ?? null,
  }));
  const personYears = byEnrollmentType.reduce((n, t) => n + t.person_years, 0);
  const beneficiaries = byEnrollmentType.reduce((n, t) => n + t.beneficiaries, 0);
  const expenditure = byEnrollmentType.reduce((n, t) => n + t.truncated_expenditure, 0);
  // Benchmark estimate: each type's person-years at the PUF ACOs' cost per unit of risk times the type's risk score.
  const estimable = byEnrollmentType.every((t) => t.cost_per_risk !== null);
  const estimate = estimable && personYears > 0 ? byEnrollmentType.reduce((n, t) => n + t.person_years * t.cost_per_risk! * t.risk_score, 0) / personYears : null;

  const quality = await qualityModel(db, year, o);
  const derived: Partial<SettlementInputs> = {
    performanceYear: year,
    assignedBeneficiaries: beneficiaries,
    ...(personYears > 0 ? { personYears, expenditurePerCapita: expenditure / personYears } : {}),
    ...(estimate !== null ? { updatedBenchmarkPerCapita: estimate } : {}),
    ...(quality.measures.length > 0 ? { quality: qualityOf(quality) } : {}),
  };
  // An IPA of physician practices is typically a low-revenue ACO (42 CFR 425.20: participants' Parts A and B revenue
  // below 35% of its beneficiaries' expenditures). Without a scored measure no quality standard is met.
  const defaults: Partial<SettlementInputs> = {
    track: o.track,
    msrMlr: { kind: 'variable' },
    revenueCategory: 'low',
    sequestrationRate: 0.02,
    quality: qualityOf(quality),
  };
  const sources: AcoInputDetail['sources'] = {};
  for (const key of Object.keys(defaults)) sources[key] = 'default';
  for (const key of Object.keys(derived)) sources[key] = 'data';
  for (const key of Object.keys(o.overrides)) sources[key] = 'override';
  // Without assigned beneficiaries personYears, expenditurePerCapita and the benchmark estimate are absent unless
  // overridden: the schema's ZodError names them.
  const inputs = settlementInputsSchema.parse({ ...defaults, ...derived, ...o.overrides }) as SettlementInputs;

  const byPractice: Record<string, number> = {};
  for (const r of assignment) if (r.practice_id) byPractice[String(r.practice_id)] = (byPractice[String(r.practice_id)] ?? 0) + Number(r.n);
  const step = (s: number) => assignment.filter((r) => Number(r.assignment_step) === s).reduce((n, r) => n + Number(r.n), 0);
  return {
    inputs,
    sources,
    byEnrollmentType,
    assignment: { step1: step(1), step2: step(2), byPractice },
    risk: { modelVersion: 'V28', paymentYear, diagnosisYear, normalizationFactor: o.normalizationFactor, codingAdjustment: o.codingAdjustment },
    benchmark: { puf, estimatePerCapita: estimate },
    quality,
    ms: Math.round(performance.now() - started),
  };
}

/** The latest CMS-HCC payment year loaded that is not after the performance year (else the earliest loaded). */
async function hccPaymentYear(db: Database, year: number): Promise<number> {
  const [row] = await db.query(
    `SELECT coalesce(max(payment_year) FILTER (WHERE payment_year <= $year), min(payment_year)) AS payment_year
     FROM hcc_coefficient WHERE model_version = 'V28'`,
    { year },
  );
  if (row?.payment_year === null || row?.payment_year === undefined) throw new Error('no CMS-HCC V28 coefficients loaded (loadHccReference)');
  return Number(row.payment_year);
}

/** refdata's MSSP PUF of the latest year not after the performance year (PY2022 for earlier years). */
function pufFor(year: number): string {
  const pufYear = Math.max(2022, Math.min(2023, year));
  return path.join(config.CALIPER_REFDATA, 'mssp_puf', `PY${pufYear}_ACO_Results_PUF.csv`);
}

/** The measured APP Plus rates of the quality run placed on the MIPS benchmarks: the network rows of its rate cube (sql/marts/dashboard/rates.sql). */
async function qualityModel(db: Database, year: number, o: z.output<typeof AcoInputOptions>): Promise<AcoInputDetail['quality']> {
  const [run] = await db.query(
    `SELECT run_id FROM measure_run
     WHERE status = 'finished' AND ($run_id::INTEGER IS NULL OR run_id = $run_id::INTEGER)
     ORDER BY (year(period_start) = $year) DESC, finished_at DESC, run_id DESC
     LIMIT 1`,
    { run_id: o.qualityRunId ?? null, year },
  );
  const base = { healthEquityBonusPoints: o.healthEquityBonusPoints, standardThreshold: o.qualityStandardThreshold, alternativeMet: o.alternativeQualityStandardMet };
  if (!run) return { ...base, runId: null, measures: [] };
  const definitions = MEASURES.filter((m) => m.mipsId !== null && (APP_PLUS_MEASURED as readonly string[]).includes(m.mipsId));
  const runId = Number(run.run_id);
  await ensureRunMarts(db, runId);
  const rates = await db.queryFile('marts/dashboard/rates', { run_id: runId, entity_type: 'network', entity_id: '*', payer: '*', measures: runMeasureGroups(definitions.map((m) => m.id)) });
  const inverse = new Set(definitions.filter((m) => m.improvementNotation === 'decrease').map((m) => m.id));
  // Measures scored on a benchmark count; one below the case minimum or without a benchmark is left out of the score.
  const measures = rates
    .map((r) => {
      const b = r.benchmark as { achievement_points: number | null; scoring_rule: string } | null;
      return {
        measureId: String(r.measure_id),
        numerator: Number(r.numerator),
        denominator: Number(r.performance_denominator),
        inverse: inverse.has(String(r.measure_id)),
        points: Number(b?.achievement_points ?? 0),
        ratePercent: r.performance_rate === null ? null : Number(r.performance_rate),
        scoringRule: b?.scoring_rule ?? 'NoBenchmark',
      };
    })
    .filter((m) => m.scoringRule === 'Benchmarked' || m.scoringRule === 'BenchmarkedToppedOutCap');
  return { ...base, runId, measures };
}
