// How to read a rate: which direction is better (inverse measures, improvement notation 'decrease', are
// better when lower, e.g. CMS122 HbA1c poor control), and where an entity sits on a funnel plot.
import { formatPercent } from './format.ts';

export const betterText = (inverse: boolean): string => (inverse ? 'lower is better' : 'higher is better');

/**
 * Standard normal quantiles of the funnel plot's two-sided control limits: 95% (z = 1.96) and
 * 99.8% (z = 3.09), Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med 2005;24:1185.
 */
export const LIMITS = [
  { level: '95%', z: 1.959964 },
  { level: '99.8%', z: 3.090232 },
] as const;

/** Control limits (percent, clamped to 0–100) around the network rate `p` (percent) for an entity of size n:
 *  the binomial normal approximation p ± z·√(p(1−p)/n). */
export function controlLimits(p: number, n: number, z: number): [number, number] {
  const q = p / 100;
  const half = z * Math.sqrt((q * (1 - q)) / n) * 100;
  return [Math.max(0, p - half), Math.min(100, p + half)];
}

export type FunnelPosition = 'better' | 'worse' | 'within';

/** Where an entity's rate falls against the limits at level `z`, read in the measure's direction. */
export function funnelPosition(rate: number, n: number, p: number, inverse: boolean, z: number): FunnelPosition {
  const [low, high] = controlLimits(p, n, z);
  if (rate > high) return inverse ? 'worse' : 'better';
  if (rate < low) return inverse ? 'better' : 'worse';
  return 'within';
}

/** The funnel verdict in words: outside the 99.8% limits first, then the 95% ones. */
export function funnelVerdict(rate: number | null, n: number, p: number | null, inverse: boolean): { position: FunnelPosition; text: string } {
  if (rate === null || p === null || n === 0) return { position: 'within', text: 'no eligible patients' };
  for (const { level, z } of [...LIMITS].reverse()) {
    const position = funnelPosition(rate, n, p, inverse, z);
    if (position !== 'within') return { position, text: `${position === 'better' ? 'Better' : 'Worse'} (outside ${level})` };
  }
  return { position: 'within', text: 'Within limits' };
}

/** The MIPS decile (1–10, 10 best) that the band between boundaries k-1 and k of the ascending rate scale
 *  holds: rates rise with the decile, except for inverse measures. */
export const bandDecile = (k: number, inverse: boolean): number => (inverse ? 10 - k : k + 1);
