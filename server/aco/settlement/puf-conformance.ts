// Recomputes each ACO's earned shared savings/losses from the MSSP public use file's inputs with `settle` and
// compares them with the published EarnSaveLoss. Every ACO goes through the same mapping; a mismatch is
// explained only by a rule input the file does not publish.
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { percent } from './format.ts';
import { variableMinimumSavingsRate } from './minimum-rates.ts';
import { settle } from './settle.ts';
import { TRACK_RULES } from './tracks.ts';
import { FIXED_MSR_RATES, PERFORMANCE_YEARS, type PerformanceYear, type Settlement, type SettlementInputs, type Track } from './types.ts';

const TOLERANCE_DOLLARS = 1;

const PUF_TRACKS: Record<string, Track> = { A: 'BASIC_A', B: 'BASIC_B', C: 'BASIC_C', D: 'BASIC_D', E: 'BASIC_E', EN: 'ENHANCED' };

export const pufRowSchema = z.object({
  aco_id: z.string(),
  current_track: z.string().refine((t) => t in PUF_TRACKS, 'unknown Current_Track'),
  risk_model: z.string(),
  assigned_beneficiaries: z.number().int(),
  person_years: z.number().positive(),
  published_msr: z.number(),
  benchmark_total: z.number().positive(),
  expenditure_total: z.number(),
  quality_score: z.number(),
  met_qps: z.boolean(),
  met_alt_qps: z.boolean(),
  revenue_category: z.enum(['Low Revenue', 'High Revenue']),
  gen_save_loss: z.number(),
  disaster_adjustment: z.number(),
  earn_save_loss: z.number(),
});
export type PufRow = z.infer<typeof pufRowSchema>;

export interface ConformanceCase {
  acoId: string;
  published: number;
  computed: number;
  passed: boolean;
  /** For a mismatch: why, naming the unpublished input when that is the cause. */
  reason?: string;
  /** The unpublished input that explains the mismatch, if any. */
  unpublishedInput?: string;
  settlement: Settlement;
}

export interface ConformanceReport {
  file: string;
  performanceYear: PerformanceYear;
  cases: ConformanceCase[];
  passed: number;
  failed: number;
  explained: number;
}

/**
 * The year's disaster relief as the file allows. PY2022: the COVID-19 public health emergency was an extreme and
 * uncontrollable circumstance in every month and county (§ 425.605(f), § 425.610(i)), so the affected share is 1
 * and all shared losses are relieved. Later years: the share depends on each ACO's counties and months, which the
 * file does not publish, so the published relief (DisAdj) is the input.
 */
function disasterInput(row: PufRow, year: PerformanceYear): SettlementInputs['disaster'] {
  if (year === 2022) return { kind: 'share', share: 1 };
  return row.disaster_adjustment === 0 ? undefined : { kind: 'amount', dollars: Math.abs(row.disaster_adjustment) };
}

/**
 * MSR/MLR: one-sided levels always use the variable rate. A two-sided ACO's fixed election is not a column, but
 * its MinSavPerc shows it: a fixed rate (0–2% by 0.5) that differs from its variable rate is an election.
 */
function msrMlrInput(row: PufRow, track: Track): SettlementInputs['msrMlr'] {
  if (!TRACK_RULES[track].twoSided || row.assigned_beneficiaries < 5_000) return { kind: 'variable' };
  const fixed = FIXED_MSR_RATES.find((r) => Math.abs(r - row.published_msr) < 1e-9);
  const variable = Math.round(variableMinimumSavingsRate(row.assigned_beneficiaries) * 10_000) / 10_000;
  return fixed !== undefined && Math.abs(variable - fixed) > 1e-9 ? { kind: 'fixed', rate: fixed } : { kind: 'variable' };
}

export function pufSettlementInputs(row: PufRow, year: PerformanceYear): SettlementInputs {
  const track = PUF_TRACKS[row.current_track]!;
  return {
    performanceYear: year,
    track,
    assignedBeneficiaries: row.assigned_beneficiaries,
    personYears: row.person_years,
    updatedBenchmarkPerCapita: row.benchmark_total / row.person_years,
    expenditurePerCapita: row.expenditure_total / row.person_years,
    msrMlr: msrMlrInput(row, track),
    quality: { score: row.quality_score, standard: row.met_qps ? 'met' : row.met_alt_qps ? 'alternative' : 'not-met' },
    revenueCategory: row.revenue_category === 'Low Revenue' ? 'low' : 'high',
    disaster: disasterInput(row, year),
  };
}

export function checkRow(row: PufRow, year: PerformanceYear): ConformanceCase {
  const settlement = settle(pufSettlementInputs(row, year));
  const computed = settlement.net;
  const published = row.earn_save_loss;
  const base = { acoId: row.aco_id, published, computed, settlement };
  if (Math.abs(computed - published) <= TOLERANCE_DOLLARS) return { ...base, passed: true };
  return { ...base, passed: false, ...explain(row, settlement) };
}

function explain(row: PufRow, s: Settlement): { reason: string; unpublishedInput?: string } {
  const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
  const publishedMsr = `published MSR ${percent(row.published_msr)}, computed ${percent(s.minimumSavingsRate, 4)}`;
  // BASIC two-sided losses are limited by ACO participant revenue, which the file does not publish (only the
  // Rev_Exp_Cat category): the published loss before disaster relief is then below both the 30% share and the
  // benchmark-based limit that the file lets us compute.
  const lossRule = TRACK_RULES[s.inputs.track].lossLimit;
  const publishedBeforeRelief = Math.abs(row.earn_save_loss) + Math.abs(row.disaster_adjustment);
  if (s.outcome === 'shared-losses' && lossRule?.ofRevenue != null && publishedBeforeRelief < -s.afterLimit - TOLERANCE_DOLLARS) {
    const impliedRevenue = publishedBeforeRelief / lossRule.ofRevenue;
    return {
      reason: `shared losses ${money(publishedBeforeRelief)} before disaster relief are below the 30% share and the benchmark-based limit (${money(-s.afterLimit)}): the revenue-based limit (${lossRule.ofRevenue * 100}% of ACO participant revenue, implied revenue ${money(impliedRevenue)}) applied`,
      unpublishedInput: 'ACO participant Medicare FFS revenue',
    };
  }
  // ABtotBnchmk and ABtotExp are published rounded to the dollar; CMS's own difference of the unrounded totals is
  // GenSaveLoss when savings are shared. A $1 rounding gap there can move the earned amount by just over $1.
  if (s.outcome === 'shared-savings' && Math.abs(row.gen_save_loss - s.grossSavings) <= 1) {
    const unrounded = settle({ ...s.inputs, expenditurePerCapita: (row.benchmark_total - row.gen_save_loss) / row.person_years });
    if (Math.abs(unrounded.net - row.earn_save_loss) <= TOLERANCE_DOLLARS) {
      return {
        reason: `ABtotBnchmk − ABtotExp = ${money(s.grossSavings)} but CMS's unrounded gross savings (GenSaveLoss) is ${money(row.gen_save_loss)}; from it the settlement gives ${money(unrounded.net)}`,
        unpublishedInput: 'unrounded benchmark and expenditure totals',
      };
    }
  }
  return {
    reason: `unexplained: computed ${s.outcome} ${money(s.net)} (${s.reason}); published GenSaveLoss ${money(row.gen_save_loss)}, computed gross ${money(s.grossSavings)}; ${publishedMsr}`,
  };
}

/** PY from the file name (PY2023_…) unless given. */
export function performanceYearOf(file: string, given?: number): PerformanceYear {
  const year = given ?? Number(/PY ?(\d{4})/i.exec(file.split(/[\\/]/).pop() ?? '')?.[1]);
  const known = PERFORMANCE_YEARS.find((y) => y === year);
  if (known === undefined) throw new Error(`${file}: performance year unknown (name the file PYyyyy_… or pass --year; supported ${PERFORMANCE_YEARS.join(', ')})`);
  return known;
}

export async function runSavingsConformance(db: Database, file: string, year: PerformanceYear): Promise<ConformanceReport> {
  const rows = z.array(pufRowSchema).parse(await db.queryFile('aco/settlement/puf_results', { path: file }));
  const cases = rows.map((row) => checkRow(row, year));
  const failedCases = cases.filter((c) => !c.passed);
  return {
    file,
    performanceYear: year,
    cases,
    passed: cases.length - failedCases.length,
    failed: failedCases.length,
    explained: failedCases.filter((c) => c.unpublishedInput !== undefined).length,
  };
}
