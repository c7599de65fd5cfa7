// Gap-closure scenario: close N open gaps in one measure → new rate → MIPS achievement points → APP quality
// score → quality standard → sharing rate → dollars. Pure: the MIPS benchmark scoring is injected (`score`),
// so the caller places rates with the one SQL implementation (server/measures/benchmarks.ts).
import { settle } from '../settlement/settle.ts';
import type { Settlement, SettlementInputs } from '../settlement/types.ts';

export interface MeasureStanding {
  measureId: string;
  numerator: number;
  denominator: number;
  /** Inverse measure (lower is better, e.g. HbA1c poor control): closing a gap lowers the numerator. */
  inverse: boolean;
  /** Achievement points (0–10) at the current rate. */
  points: number;
}

/** Achievement points for a measure at a performance rate (percent 0–100), from the MIPS benchmarks. */
export type PointsScorer = (measureId: string, ratePercent: number) => number;

export interface QualityModel {
  measures: MeasureStanding[];
  /** Health equity adjustment bonus points (§ 425.512, PY2023+, up to 10) added to the achievement points. */
  healthEquityBonusPoints: number;
  /** The MIPS Quality performance category score the quality performance standard requires (§ 425.512(a)):
   *  the 30th percentile for PY2022–2023, the 40th from PY2024; CMS publishes it per year. */
  standardThreshold: number;
  /** Whether the ACO meets the alternative standard (outcome measures' percentiles), carried unchanged. */
  alternativeMet: boolean;
}

/** APP quality score: achievement points plus the health equity bonus over 10 per measure, at most 100%. */
export function appQualityScore(measures: readonly Pick<MeasureStanding, 'points'>[], bonusPoints: number): number {
  if (measures.length === 0) return 0;
  const total = measures.reduce((sum, m) => sum + m.points, 0) + bonusPoints;
  return Math.min(1, total / (10 * measures.length));
}

export function qualityOf(model: QualityModel): SettlementInputs['quality'] {
  const score = appQualityScore(model.measures, model.healthEquityBonusPoints);
  return { score, standard: score >= model.standardThreshold ? 'met' : model.alternativeMet ? 'alternative' : 'not-met' };
}

export function performanceRate(m: Pick<MeasureStanding, 'numerator' | 'denominator'>): number {
  return m.denominator === 0 ? 0 : (100 * m.numerator) / m.denominator;
}

export interface GapClosureResult {
  measureId: string;
  gapsClosed: number;
  rateBefore: number;
  rateAfter: number;
  pointsBefore: number;
  pointsAfter: number;
  qualityBefore: SettlementInputs['quality'];
  qualityAfter: SettlementInputs['quality'];
  before: Settlement;
  after: Settlement;
  /** Change in net settlement dollars. */
  dollars: number;
}

/** Open gaps in a measure: patients not (yet) in the numerator, or for an inverse measure, still in it. */
export function openGaps(m: MeasureStanding): number {
  return m.inverse ? m.numerator : m.denominator - m.numerator;
}

export function closeGaps(settlementInputs: SettlementInputs, model: QualityModel, measureId: string, gaps: number, score: PointsScorer): GapClosureResult {
  const measure = model.measures.find((m) => m.measureId === measureId);
  if (!measure) throw new Error(`measure ${measureId} is not in the quality model`);
  const closed = Math.max(0, Math.min(Math.floor(gaps), openGaps(measure)));
  const numerator = measure.inverse ? measure.numerator - closed : measure.numerator + closed;
  const rateAfter = performanceRate({ numerator, denominator: measure.denominator });
  const pointsAfter = score(measureId, rateAfter);
  const measures = model.measures.map((m) => (m.measureId === measureId ? { ...m, numerator, points: pointsAfter } : m));
  const qualityBefore = qualityOf(model);
  const qualityAfter = qualityOf({ ...model, measures });
  const before = settle({ ...settlementInputs, quality: qualityBefore });
  const after = settle({ ...settlementInputs, quality: qualityAfter });
  return {
    measureId,
    gapsClosed: closed,
    rateBefore: performanceRate(measure),
    rateAfter,
    pointsBefore: measure.points,
    pointsAfter,
    qualityBefore,
    qualityAfter,
    before,
    after,
    dollars: after.net - before.net,
  };
}
