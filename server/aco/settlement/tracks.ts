// Track parameters for PY2022–PY2026 (42 CFR 425.605 BASIC levels A–E, 425.610 ENHANCED).
import type { Track } from './types.ts';

export interface TrackRules {
  label: string;
  twoSided: boolean;
  /** Maximum sharing rate for savings, given full quality credit. */
  maxSharingRate: number;
  /** Performance payment limit as a share of the updated benchmark. */
  paymentLimitOfBenchmark: number;
  /** Losses: the limit as a share of ACO participant revenue and of the benchmark (lesser applies); null = none. */
  lossLimit: { ofRevenue: number | null; ofBenchmark: number } | null;
}

/**
 * § 425.605(d)(1)(i)–(ii): levels A and B share up to 40% of savings, capped at 10% of the updated benchmark,
 * no losses. § 425.605(d)(1)(iii)–(v): levels C, D, E share up to 50%, capped at 10% of the benchmark, and
 * share losses at a flat 30% limited to a share of ACO participant revenue but no more than a share of the
 * benchmark: C 2% / 4%, D 4% / 8%, E the QPP revenue-based nominal amount standard (8%) / expenditure-based
 * standard + 1 point (4%).
 * § 425.610(d)–(e), (g): ENHANCED shares up to 75%, capped at 20% of the benchmark; losses capped at 15% of the
 * benchmark (its loss rate depends on quality, see sharing-rates.ts).
 */
export const TRACK_RULES: Record<Track, TrackRules> = {
  BASIC_A: { label: 'BASIC Level A', twoSided: false, maxSharingRate: 0.4, paymentLimitOfBenchmark: 0.1, lossLimit: null },
  BASIC_B: { label: 'BASIC Level B', twoSided: false, maxSharingRate: 0.4, paymentLimitOfBenchmark: 0.1, lossLimit: null },
  BASIC_C: { label: 'BASIC Level C', twoSided: true, maxSharingRate: 0.5, paymentLimitOfBenchmark: 0.1, lossLimit: { ofRevenue: 0.02, ofBenchmark: 0.04 } },
  BASIC_D: { label: 'BASIC Level D', twoSided: true, maxSharingRate: 0.5, paymentLimitOfBenchmark: 0.1, lossLimit: { ofRevenue: 0.04, ofBenchmark: 0.08 } },
  BASIC_E: { label: 'BASIC Level E', twoSided: true, maxSharingRate: 0.5, paymentLimitOfBenchmark: 0.1, lossLimit: { ofRevenue: 0.08, ofBenchmark: 0.04 } },
  ENHANCED: { label: 'ENHANCED', twoSided: true, maxSharingRate: 0.75, paymentLimitOfBenchmark: 0.2, lossLimit: { ofRevenue: null, ofBenchmark: 0.15 } },
};

/** § 425.605(d)(1)(iii)–(v), § 425.605(d)(2): BASIC's loss sharing rate is 30% regardless of quality. */
export const BASIC_LOSS_SHARING_RATE = 0.3;

export function isTwoSided(track: Track): boolean {
  return TRACK_RULES[track].twoSided;
}
