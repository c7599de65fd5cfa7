// The ACO planner API (server/routes/planner.ts documents every shape). The scenario lives in the URL: its
// query parameters are the API's own, so the screen passes them through unchanged.
// Shapes the server declares are imported from it (type-only: vite strips these imports, nothing of the
// server reaches the bundle).
import type { CapitationDistribution, PracticeStatement as DistributedPractice } from '../../../../server/aco/capitation/distribute.ts';
import type { BaselineMeasure } from '../../../../server/routes/planner-baseline.ts';
import { getJson } from '../api/http.ts';

export type { BaselineMeasure };

export const TRACKS = ['BASIC_A', 'BASIC_B', 'BASIC_C', 'BASIC_D', 'BASIC_E', 'ENHANCED'] as const;
export type Track = (typeof TRACKS)[number];
export type Standard = 'met' | 'alternative' | 'not-met';
export type Source = 'data' | 'default' | 'override' | 'scenario';

export interface SettlementInputs {
  performanceYear: number;
  track: Track;
  assignedBeneficiaries: number;
  personYears: number;
  updatedBenchmarkPerCapita: number;
  expenditurePerCapita: number;
  msrMlr: { kind: 'variable' } | { kind: 'fixed' | 'override'; rate: number };
  quality: { score: number; standard: Standard };
  revenueCategory: 'low' | 'high';
  sequestrationRate: number;
}

export interface Baseline {
  performanceYear: number;
  available: true;
  inputs: SettlementInputs;
  sources: Record<string, Source>;
  assignment: { step1: number; step2: number; byPractice: Record<string, number> };
  benchmark: { puf: string; estimatePerCapita: number | null };
  quality: { runId: number | null; standardThreshold: number; measures: BaselineMeasure[] };
  costBeneficiaries: number;
}

/** The network's data cannot give the inputs (no CCLF claims loaded): why. */
export interface NoBaseline {
  performanceYear: number;
  available: false;
  reason: string;
}

export type Outcome = 'shared-savings' | 'shared-losses' | 'within-corridor';

export interface WaterfallStep {
  step: string;
  label: string;
  kind: 'total' | 'change';
  value: number;
  runningTotal: number;
  note: string;
}

export interface TrackOutcome {
  track: Track;
  label: string;
  twoSided: boolean;
  outcome: Outcome;
  savingsRate: number;
  minimumSavingsRate: number;
  minimumLossRate: number | null;
  sharingRate: number;
  limited: boolean;
  net: number;
  reason: string;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

export interface Risk {
  draws: number;
  seed: number;
  beneficiaries: number;
  costBeneficiaries: number;
  mean: number;
  p5: number;
  p50: number;
  p95: number;
  probabilityOfOwing: number;
  probabilityOfSavings: number;
  histogram: HistogramBin[];
  ms: number;
}

export interface Scenario {
  performanceYear: number;
  inputs: SettlementInputs;
  sources: Record<string, Source>;
  settlement: {
    outcome: Outcome;
    reason: string;
    savingsRate: number;
    minimumSavingsRate: number;
    minimumLossRate: number | null;
    sharingRate: number;
    net: number;
  };
  waterfall: WaterfallStep[];
  tracks: TrackOutcome[];
  gapClosure: {
    measureId: string;
    gapsClosed: number;
    rateBefore: number;
    rateAfter: number;
    pointsBefore: number;
    pointsAfter: number;
    qualityBefore: { score: number; standard: Standard };
    qualityAfter: { score: number; standard: Standard };
    dollars: number;
  } | null;
  risk: Risk | null;
}

export interface PeerAco {
  aco_id: string;
  aco_name: string;
  track: string;
  assigned_beneficiaries: number;
  savings_rate: number;
  earned_savings_losses: number | null;
  quality_score: number | null;
}

export interface Peers {
  year: number;
  file: string;
  acos: PeerAco[];
}

/** A practice's capitation statement, named (GET /api/planner/capitation adds the practice name). */
export type PracticeStatement = DistributedPractice & { name: string };

export interface Capitation {
  performanceYear: number;
  distribution: Omit<CapitationDistribution, 'practices'> & { practices: PracticeStatement[] };
}

/** The scenario's URL parameters, as GET /api/planner/scenario takes them. */
export const SCENARIO_PARAMS = ['year', 'track', 'benchmark', 'expenditure', 'beneficiaries', 'quality', 'standard', 'msr', 'msrRate', 'revenue', 'gapMeasure', 'gaps', 'seed', 'stopLoss', 'coinsurance'] as const;
/** The capitation statement's URL parameters (GET /api/planner/capitation). */
export const CAPITATION_PARAMS = ['pmpm', 'riskAdjusted', 'withhold', 'withholdReturn', 'bonusPool', 'minimumDenominator'] as const;
export const CAPITATION_DEFAULTS: Record<(typeof CAPITATION_PARAMS)[number], string> = {
  pmpm: '30',
  riskAdjusted: 'false',
  withhold: '0.1',
  withholdReturn: '0.5',
  bonusPool: '50000',
  minimumDenominator: '20',
};

function pick(query: URLSearchParams, names: readonly string[], defaults: Record<string, string> = {}): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of names) {
    const value = query.get(name) ?? defaults[name];
    if (value) out.set(name, value);
  }
  return out;
}

export const fetchBaseline = (year: string | null) => getJson<Baseline | NoBaseline>(`/api/planner/baseline${year ? `?year=${encodeURIComponent(year)}` : ''}`);
export const fetchScenario = (query: URLSearchParams) => getJson<Scenario>(`/api/planner/scenario?${pick(query, SCENARIO_PARAMS)}`);
export const fetchPeers = (year: string) => getJson<Peers>(`/api/planner/peers?year=${encodeURIComponent(year)}`);
export const fetchCapitation = (query: URLSearchParams) =>
  getJson<Capitation>(`/api/planner/capitation?${pick(query, ['year', ...CAPITATION_PARAMS], CAPITATION_DEFAULTS)}`);
