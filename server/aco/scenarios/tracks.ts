// Every track side by side for the same network: the same benchmark, spending and quality settled under
// BASIC A–E and ENHANCED. Two-sided tracks use the network's MSR/MLR election (one-sided levels are always
// variable, § 425.605(b)).
import { settle } from '../settlement/settle.ts';
import { TRACK_RULES } from '../settlement/tracks.ts';
import { TRACKS, type Settlement, type SettlementInputs, type Track } from '../settlement/types.ts';

export interface TrackOutcome {
  track: Track;
  label: string;
  twoSided: boolean;
  settlement: Settlement;
}

export function compareTracks(inputs: SettlementInputs): TrackOutcome[] {
  return TRACKS.map((track) => ({
    track,
    label: TRACK_RULES[track].label,
    twoSided: TRACK_RULES[track].twoSided,
    settlement: settle({ ...inputs, track }),
  }));
}
