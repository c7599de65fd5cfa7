// The planner's baseline for a performance year: the settlement inputs derived from the network's own data
// (server/aco/inputs/), with the per-beneficiary costs the risk simulation resamples. Deriving them rewrites the
// year's aco_beneficiary rows and takes about a second, so one derivation per year and data fingerprint (latest
// source file, latest finished run) is shared by every request until new data arrives; concurrent requests
// await the same derivation rather than rewriting the table side by side.
import path from 'node:path';
import { ZodError } from 'zod';
import { acoInputDetail, type AcoInputDetail } from '../aco/inputs/aco-inputs.ts';
import { openGaps, type MeasureStanding } from '../aco/scenarios/quality.ts';
import { settlementInputsSchema, type ParsedSettlementInputs, type PerformanceYear } from '../aco/settlement/types.ts';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { MEASURES } from '../measures/registry.ts';

export interface BaselineMeasure {
  measureId: string;
  title: string;
  mipsId: string | null;
  inverse: boolean;
  numerator: number;
  denominator: number;
  ratePercent: number | null;
  points: number;
  openGaps: number;
}

export interface Baseline {
  performanceYear: PerformanceYear;
  detail: AcoInputDetail;
  inputs: ParsedSettlementInputs;
  /** Annualized cost of each assigned beneficiary (the Monte Carlo's population). */
  costs: Float64Array;
  measures: BaselineMeasure[];
}

/** The network's data cannot give the settlement inputs (404 where a baseline is needed). */
export class NoBaselineError extends HttpError {
  constructor(message: string) {
    super(404, 'NotFound', message);
  }
}
const noData = (message: string) => new NoBaselineError(message);

export class BaselineCache {
  private readonly entries = new Map<PerformanceYear, { key: string; baseline: Promise<Baseline> }>();

  constructor(private readonly db: Database) {}

  /** The year's baseline; 404 when the network's data cannot give the settlement inputs. */
  async get(year: PerformanceYear): Promise<Baseline> {
    const [source] = await this.db.queryFile('marts/planner/baseline_source');
    if (!source || Number(source.cclf_beneficiaries) === 0) {
      throw noData('No Medicare claims (CCLF) loaded: the planner derives assignment and expenditures from them');
    }
    if (Number(source.hcc_coefficients) === 0) throw noData('No CMS-HCC V28 model tables loaded');
    const key = `${source.source_file_id}/${source.run_id}`;
    const cached = this.entries.get(year);
    if (cached?.key === key) return cached.baseline;
    const baseline = derive(this.db, year);
    this.entries.set(year, { key, baseline });
    // A failed derivation is not kept: the next request tries again.
    baseline.catch(() => {
      if (this.entries.get(year)?.baseline === baseline) this.entries.delete(year);
    });
    return baseline;
  }
}

async function derive(db: Database, year: PerformanceYear): Promise<Baseline> {
  let detail: AcoInputDetail;
  try {
    detail = await acoInputDetail(db, { performanceYear: year });
  } catch (error) {
    // The settlement model's schema rejects what the data cannot give (no assigned beneficiaries, no benchmark).
    if (error instanceof ZodError) {
      const missing = [...new Set(error.issues.map((i) => i.path.join('.')))];
      throw noData(`The network's data gives no ${missing.join(', ')} for performance year ${year} (no assigned beneficiaries?)`);
    }
    throw error;
  }
  const rows = await db.queryFile('marts/planner/beneficiary_costs', { performance_year: year });
  const standings: (MeasureStanding & { ratePercent: number | null })[] = detail.quality.measures;
  const measures = standings.map((m): BaselineMeasure => {
    const definition = MEASURES.find((d) => d.id === m.measureId);
    return {
      measureId: m.measureId,
      title: definition?.title ?? m.measureId,
      mipsId: definition?.mipsId ?? null,
      inverse: m.inverse,
      numerator: m.numerator,
      denominator: m.denominator,
      ratePercent: m.ratePercent,
      points: m.points,
      openGaps: openGaps(m),
    };
  });
  return {
    performanceYear: year,
    detail,
    inputs: settlementInputsSchema.parse(detail.inputs),
    costs: Float64Array.from(rows, (r) => Number(r.annual_cost)),
    measures,
  };
}

/** The baseline as the API shows it: inputs and where each came from, and how they were derived. */
export function baselineJson(b: Baseline) {
  const { detail } = b;
  return {
    performanceYear: b.performanceYear,
    available: true as const,
    inputs: b.inputs,
    sources: detail.sources,
    byEnrollmentType: detail.byEnrollmentType,
    assignment: detail.assignment,
    risk: detail.risk,
    benchmark: { puf: path.basename(detail.benchmark.puf), estimatePerCapita: detail.benchmark.estimatePerCapita },
    quality: {
      runId: detail.quality.runId,
      standardThreshold: detail.quality.standardThreshold,
      healthEquityBonusPoints: detail.quality.healthEquityBonusPoints,
      alternativeMet: detail.quality.alternativeMet,
      measures: b.measures,
    },
    costBeneficiaries: b.costs.length,
    deriveMs: detail.ms,
  };
}
