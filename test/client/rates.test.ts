// The funnel plot's control limits and verdicts (client/src/lib/rates.ts), read in each measure's direction.
import { describe, expect, it } from 'vitest';
import { bandDecile, controlLimits, funnelVerdict, LIMITS } from '../../client/src/lib/rates.ts';

describe('funnel plot limits', () => {
  it('are p ± z·√(p(1−p)/n) in percent, clamped to 0–100', () => {
    // p = 50%, n = 100: standard error 5 points; 95% limits ±9.8, 99.8% ±15.45
    const [low95, high95] = controlLimits(50, 100, LIMITS[0].z);
    expect(low95).toBeCloseTo(40.2, 1);
    expect(high95).toBeCloseTo(59.8, 1);
    const [low998, high998] = controlLimits(50, 100, LIMITS[1].z);
    expect(high998 - 50).toBeCloseTo(15.45, 1);
    expect(50 - low998).toBeCloseTo(15.45, 1);
    expect(controlLimits(90, 4, LIMITS[1].z)).toEqual([expect.closeTo(43.65, 1), 100]);
  });

  it('calls a rate above the limits better, or worse for an inverse measure', () => {
    expect(funnelVerdict(80, 100, 50, false)).toEqual({ position: 'better', text: 'Better (outside 99.8%)' });
    expect(funnelVerdict(80, 100, 50, true)).toEqual({ position: 'worse', text: 'Worse (outside 99.8%)' });
    expect(funnelVerdict(38, 100, 50, false)).toEqual({ position: 'worse', text: 'Worse (outside 95%)' });
    expect(funnelVerdict(38, 100, 50, true)).toEqual({ position: 'better', text: 'Better (outside 95%)' });
    expect(funnelVerdict(55, 100, 50, false).position).toBe('within');
    // the same distance from the network rate is within the wider limits of a small practice
    expect(funnelVerdict(38, 10, 50, false).position).toBe('within');
    expect(funnelVerdict(null, 0, 50, false).text).toBe('no eligible patients');
  });

  it('numbers benchmark bands so that decile 10 is the best end of the scale', () => {
    expect([0, 9].map((k) => bandDecile(k, false))).toEqual([1, 10]);
    expect([0, 9].map((k) => bandDecile(k, true))).toEqual([10, 1]);
  });
});
