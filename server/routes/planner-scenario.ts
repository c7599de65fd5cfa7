// One planner scenario: the baseline's settlement inputs with the user's overrides (or "close N gaps in a
// measure"), settled with the settlement model (server/aco/settlement/), presented as the waterfall's steps,
// every track side by side and the Monte Carlo distribution. The rules live in server/aco/; this module only
// applies overrides and shapes results for the screen.
import { scaleLinear } from 'd3-scale';
import { simulateSettlement } from '../aco/risk/simulate.ts';
import { closeGaps, qualityOf, type GapClosureResult } from '../aco/scenarios/quality.ts';
import { compareTracks } from '../aco/scenarios/tracks.ts';
import { settle } from '../aco/settlement/settle.ts';
import type { ParsedSettlementInputs, Settlement, SettlementInputs, Track } from '../aco/settlement/types.ts';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { placeOnBenchmark } from '../measures/benchmarks.ts';
import type { Baseline } from './planner-baseline.ts';

export interface ScenarioOverrides {
  track?: Track;
  benchmark?: number;
  expenditure?: number;
  beneficiaries?: number;
  quality?: number;
  standard?: 'met' | 'alternative' | 'not-met';
  msr?: 'variable' | '0' | '0.005' | '0.01' | '0.015' | '0.02';
  msrRate?: number;
  revenue?: 'low' | 'high';
  gapMeasure?: string;
  gaps?: number;
  draws: number;
  seed: number;
  stopLossAttachment?: number;
  stopLossCoinsurance: number;
}

export interface WaterfallStep {
  step: 'benchmark' | 'expenditures' | 'savings' | 'msr' | 'sharing' | 'limit' | 'sequestration' | 'disaster' | 'payment';
  label: string;
  /** 'total' bars stand on zero; 'change' bars float from the running total before them. */
  kind: 'total' | 'change';
  /** Dollars: the total, or the change this step makes. */
  value: number;
  /** The running total after this step. */
  runningTotal: number;
  note: string;
}

const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;

function msrVerdict(s: Settlement): string {
  if (s.outcome === 'within-corridor') return 'not shared';
  if (s.outcome === 'shared-losses') return 'losses shared';
  return s.savingsRate >= s.minimumSavingsRate ? 'passed' : 'below the MSR: low-revenue half rate (§ 425.605(h))';
}

/**
 * The settlement as a waterfall, from the updated benchmark to the payment. Each change is the difference
 * between two consecutive amounts of the Settlement, so the steps add up to its `net` (the payment step
 * carries `net` itself).
 */
export function waterfall(s: Settlement): WaterfallStep[] {
  const shared = s.outcome !== 'within-corridor';
  const steps: Omit<WaterfallStep, 'runningTotal'>[] = [
    { step: 'benchmark', label: 'Updated benchmark', kind: 'total', value: s.benchmarkTotal, note: `${s.inputs.updatedBenchmarkPerCapita.toFixed(0)} per capita × ${s.inputs.personYears.toFixed(1)} person-years` },
    { step: 'expenditures', label: 'Expenditures', kind: 'change', value: -s.expenditureTotal, note: `${s.inputs.expenditurePerCapita.toFixed(0)} per capita` },
    { step: 'savings', label: s.grossSavings >= 0 ? 'Savings' : 'Losses', kind: 'total', value: s.grossSavings, note: `savings rate ${pct(s.savingsRate)}` },
    {
      step: 'msr',
      label: 'MSR/MLR test',
      kind: 'change',
      value: shared ? 0 : -s.grossSavings,
      note: `MSR ${pct(s.minimumSavingsRate)}${s.minimumLossRate === null ? '' : `, MLR ${pct(s.minimumLossRate)}`}: ${msrVerdict(s)}`,
    },
    { step: 'sharing', label: s.outcome === 'shared-losses' ? 'Loss sharing rate' : 'Sharing rate', kind: 'change', value: shared ? s.beforeLimit - s.grossSavings : 0, note: `rate ${pct(s.sharingRate)}` },
    { step: 'limit', label: s.outcome === 'shared-losses' ? 'Loss limit' : 'Payment limit', kind: 'change', value: s.afterLimit - s.beforeLimit, note: s.limited ? `limited to ${s.limit.toFixed(0)}` : 'not reached' },
    { step: 'sequestration', label: 'Sequestration', kind: 'change', value: -s.sequestration, note: `${pct(s.inputs.sequestrationRate)} of shared savings` },
    { step: 'disaster', label: 'Disaster relief', kind: 'change', value: s.disasterAdjustment, note: 'extreme and uncontrollable circumstances (losses only)' },
    { step: 'payment', label: s.net < 0 ? 'Owed to CMS' : 'Payment', kind: 'total', value: s.net, note: s.reason },
  ];
  let running = 0;
  return steps.map((step) => {
    running = step.kind === 'total' ? step.value : running + step.value;
    return { ...step, runningTotal: running };
  });
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** Bins of sorted values at "nice" thresholds (d3's linear ticks), about `target` of them; the last bin is closed. */
export function histogram(sorted: Float64Array, target = 30): HistogramBin[] {
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return [{ x0: min, x1: max, count: sorted.length }];
  const ticks = scaleLinear().domain([min, max]).nice(target).ticks(target);
  const bins = ticks.slice(0, -1).map((x0, i) => ({ x0, x1: ticks[i + 1]!, count: 0 }));
  let b = 0;
  for (const v of sorted) {
    while (b < bins.length - 1 && v >= bins[b]!.x1) b++;
    bins[b]!.count++;
  }
  return bins;
}

/** The baseline inputs with the scenario's direct overrides; which fields were overridden. */
function overriddenInputs(base: ParsedSettlementInputs, o: ScenarioOverrides, model: Baseline['detail']['quality']) {
  const inputs: SettlementInputs = { ...base };
  const changed: string[] = [];
  const set = <K extends keyof SettlementInputs>(key: K, value: SettlementInputs[K] | undefined) => {
    if (value === undefined) return;
    inputs[key] = value;
    changed.push(key);
  };
  set('track', o.track);
  set('updatedBenchmarkPerCapita', o.benchmark);
  set('expenditurePerCapita', o.expenditure);
  set('revenueCategory', o.revenue);
  if (o.msr !== undefined) set('msrMlr', o.msr === 'variable' ? { kind: 'variable' } : { kind: 'fixed', rate: Number(o.msr) as 0 | 0.005 | 0.01 | 0.015 | 0.02 });
  if (o.msrRate !== undefined) set('msrMlr', { kind: 'override', rate: o.msrRate });
  if (o.beneficiaries !== undefined) {
    // Person-years follow the headcount at the network's own months per beneficiary.
    set('assignedBeneficiaries', o.beneficiaries);
    inputs.personYears = base.assignedBeneficiaries > 0 ? (base.personYears * o.beneficiaries) / base.assignedBeneficiaries : o.beneficiaries;
    changed.push('personYears');
  }
  if (o.quality !== undefined) {
    // A quality score s is the APP score of one measure at 10·s points: the model's standard threshold and
    // alternative standard then decide which standard it meets (server/aco/scenarios/quality.ts).
    set('quality', qualityOf({ ...model, healthEquityBonusPoints: 0, measures: [{ points: 10 * o.quality, measureId: 'score', numerator: 0, denominator: 0, inverse: false }] }));
  }
  return { inputs, changed };
}

/**
 * Close N gaps in one measure. The scenario model takes the new rate's points from a synchronous scorer, while
 * points come from the one SQL benchmark placement: a first pass finds the new rate, which is placed, and a
 * second pass scores with its points.
 */
async function gapClosure(db: Database, baseline: Baseline, inputs: SettlementInputs, measureId: string, gaps: number): Promise<GapClosureResult> {
  const measure = baseline.measures.find((m) => m.measureId === measureId);
  if (!measure?.mipsId) {
    throw new HttpError(400, 'InvalidInput', `Measure ${measureId} is not in the network's quality score`, [
      { path: 'gapMeasure', message: `one of ${baseline.measures.map((m) => m.measureId).join(', ')}` },
    ]);
  }
  const model = baseline.detail.quality;
  const { rateAfter } = closeGaps(inputs, model, measureId, gaps, () => 0);
  const [run] = await db.queryFile('marts/measure_run', { run_id: model.runId });
  const placement = await placeOnBenchmark(db, {
    measureId: measure.mipsId,
    year: Number(String(run!.period_start).slice(0, 4)),
    collectionType: 'eCQM',
    rate: rateAfter,
    denominator: measure.denominator,
  });
  return closeGaps(inputs, model, measureId, gaps, () => placement.achievement_points ?? 0);
}

const trackSummary = (s: Settlement) => ({
  outcome: s.outcome,
  savingsRate: s.savingsRate,
  minimumSavingsRate: s.minimumSavingsRate,
  minimumLossRate: s.minimumLossRate,
  sharingRate: s.sharingRate,
  limited: s.limited,
  net: s.net,
  reason: s.reason,
});

export async function evaluateScenario(db: Database, baseline: Baseline, o: ScenarioOverrides) {
  const { inputs: overridden, changed } = overriddenInputs(baseline.inputs, o, baseline.detail.quality);
  const withStandard = (quality: SettlementInputs['quality']): SettlementInputs['quality'] => (o.standard === undefined ? quality : { ...quality, standard: o.standard });
  if (o.standard !== undefined) changed.push('quality');
  const gapResult = o.gapMeasure !== undefined && (o.gaps ?? 0) > 0 ? await gapClosure(db, baseline, overridden, o.gapMeasure, o.gaps!) : null;
  const inputs = { ...overridden, quality: withStandard(gapResult?.qualityAfter ?? overridden.quality) };
  const settlement = settle(inputs);
  const sources: Record<string, string> = { ...baseline.detail.sources };
  for (const key of changed) sources[key] = 'override';
  if (gapResult) sources.quality = 'scenario';

  const started = performance.now();
  const risk =
    baseline.costs.length === 0
      ? null
      : simulateSettlement(inputs, baseline.costs, {
          draws: o.draws,
          seed: o.seed,
          ...(o.stopLossAttachment === undefined ? {} : { stopLoss: { attachmentPoint: o.stopLossAttachment, coinsurance: o.stopLossCoinsurance } }),
        });
  const riskMs = Math.round(performance.now() - started);
  const { inputs: parsed, ...result } = settlement;
  return {
    performanceYear: baseline.performanceYear,
    inputs: parsed,
    sources,
    settlement: result,
    waterfall: waterfall(settlement),
    tracks: compareTracks(inputs).map((t) => ({ track: t.track, label: t.label, twoSided: t.twoSided, ...trackSummary(t.settlement) })),
    gapClosure: gapResult && {
      measureId: gapResult.measureId,
      gapsClosed: gapResult.gapsClosed,
      rateBefore: gapResult.rateBefore,
      rateAfter: gapResult.rateAfter,
      pointsBefore: gapResult.pointsBefore,
      pointsAfter: gapResult.pointsAfter,
      qualityBefore: gapResult.qualityBefore,
      qualityAfter: gapResult.qualityAfter,
      dollars: settlement.net - settle({ ...inputs, quality: withStandard(gapResult.qualityBefore) }).net,
    },
    risk: risk && {
      draws: risk.draws,
      seed: risk.seed,
      beneficiaries: risk.beneficiaries,
      costBeneficiaries: baseline.costs.length,
      stopLoss: o.stopLossAttachment === undefined ? null : { attachmentPoint: o.stopLossAttachment, coinsurance: o.stopLossCoinsurance },
      mean: risk.mean,
      p5: risk.p5,
      p50: risk.p50,
      p95: risk.p95,
      probabilityOfOwing: risk.probabilityOfOwing,
      probabilityOfSavings: risk.probabilityOfSavings,
      histogram: histogram(risk.net),
      ms: riskMs,
    },
  };
}
