// Final sharing rates for savings and losses from the track and the quality result (§ 425.512).
import { percent as pct } from './format.ts';
import type { ParsedSettlementInputs } from './types.ts';
import { BASIC_LOSS_SHARING_RATE, TRACK_RULES } from './tracks.ts';

/** The PY2023 rule (CY2023 PFS) introduced the alternative quality performance standard's sliding scale. */
const ALTERNATIVE_STANDARD_FROM: number = 2023;

export interface Rate {
  rate: number;
  reason: string;
}

/**
 * Final sharing rate for savings.
 * § 425.605(d)(1)(i)–(v) (BASIC) and § 425.610(d) (ENHANCED), PY2022+: an ACO meeting the quality performance
 * standard of § 425.512 gets the level's maximum sharing rate; from PY2023 an ACO that misses it but meets the
 * alternative standard (§ 425.512(a)) gets the maximum rate × its quality performance score; otherwise no
 * shared savings.
 */
export function savingsSharingRate(inputs: ParsedSettlementInputs): Rate {
  const { maxSharingRate, label } = TRACK_RULES[inputs.track];
  const { standard, score } = inputs.quality;
  if (standard === 'met') {
    return { rate: maxSharingRate, reason: `quality standard met: ${label} maximum sharing rate ${pct(maxSharingRate)}` };
  }
  if (standard === 'alternative' && inputs.performanceYear >= ALTERNATIVE_STANDARD_FROM) {
    return {
      rate: maxSharingRate * score,
      reason: `alternative quality standard met: ${pct(maxSharingRate)} × quality score ${pct(score)}`,
    };
  }
  return {
    rate: 0,
    reason:
      standard === 'alternative'
        ? `alternative quality standard has no sliding scale before PY${ALTERNATIVE_STANDARD_FROM}: no shared savings`
        : 'quality performance standard not met: no shared savings',
  };
}

/**
 * Final loss sharing rate (two-sided tracks only).
 * BASIC levels C–E, § 425.605(d)(1)(iii)–(v): a flat 30% whatever the quality.
 * ENHANCED, § 425.610(f): 1 − 0.75 × quality performance score, no less than 40% and no more than 75%, when the
 * ACO meets the quality standard (or, from PY2023, the alternative standard); 75% when it meets neither.
 */
export function lossSharingRate(inputs: ParsedSettlementInputs): Rate {
  if (inputs.track !== 'ENHANCED') {
    return { rate: BASIC_LOSS_SHARING_RATE, reason: 'BASIC loss sharing rate 30%' };
  }
  const { standard, score } = inputs.quality;
  const qualifies = standard === 'met' || (standard === 'alternative' && inputs.performanceYear >= ALTERNATIVE_STANDARD_FROM);
  if (!qualifies) return { rate: 0.75, reason: 'quality standard not met: ENHANCED maximum loss rate 75%' };
  const raw = 1 - 0.75 * score;
  const rate = Math.min(0.75, Math.max(0.4, raw));
  return {
    rate,
    reason: `ENHANCED loss rate 1 − 0.75 × ${pct(score)} = ${pct(raw)}${rate !== raw ? `, held to ${pct(rate, 0)}` : ''}`,
  };
}
