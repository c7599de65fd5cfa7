// Monte Carlo of the performance year's settlement from the network's own per-beneficiary cost distribution.
// Each draw resamples the assigned population's annual costs with replacement (a bootstrap: the heavy right
// tail of real claims stays in, no distribution is assumed), settles the draw, and the draws give the
// distribution of net shared savings/losses. Seeded, so the same inputs and seed give the same answer.
import { z } from 'zod';
import { settleParsed } from '../settlement/settle.ts';
import { settlementInputsSchema, type SettlementInputs } from '../settlement/types.ts';
import { seededRandom, type Random } from './random.ts';

export const riskOptionsSchema = z.object({
  draws: z.number().int().min(100).max(1_000_000).default(10_000),
  seed: z.number().int().default(1),
  /**
   * The ACO's per-member stop-loss (reinsurance): CMS still settles on actual spending, but shared losses are
   * reimbursed down to what they would have been had each member's cost above the attachment point counted only
   * at the coinsurance share (0 = fully covered). It never adds savings. Priced per member year.
   */
  stopLoss: z
    .object({
      attachmentPoint: z.number().positive(),
      coinsurance: z.number().min(0).max(1),
      premiumPerMemberYear: z.number().nonnegative().default(0),
    })
    .optional(),
});
export type RiskOptions = z.input<typeof riskOptionsSchema>;

export interface RiskResult {
  draws: number;
  seed: number;
  beneficiaries: number;
  /** The ACO's net: shared savings (+) or losses (−) after stop-loss recoveries and premium, sorted ascending. */
  net: Float64Array;
  mean: number;
  p5: number;
  p50: number;
  p95: number;
  /** Share of draws in which the ACO bears shared losses (after any stop-loss recovery). */
  probabilityOfOwing: number;
  /** Share of draws earning shared savings. */
  probabilityOfSavings: number;
}

/** Block sums drawn per simulated year, and the bank of block sums they are drawn from. */
const BLOCKS_PER_DRAW = 256;
const BLOCK_BANK = 16_384;

/**
 * A sampler of the total costs of `n` beneficiaries resampled with replacement; `columns` are per-beneficiary
 * values resampled together (the same beneficiaries for each column), and each call returns their totals.
 * Resampling every beneficiary in every draw costs draws × n (10⁸ for 10,000 draws of 10,000), so above 256
 * beneficiaries the total is built from blocks: a bank of BLOCK_BANK sums of b = ⌊n / 256⌋ resampled
 * beneficiaries is made once, and each draw adds 256 blocks picked from the bank plus the n − 256·b remaining
 * beneficiaries resampled directly. A block sum has the distribution of b resampled costs (tail members land in
 * the bank's blocks as often as in direct resampling), so a draw keeps the mean, the variance and the heavy tail,
 * and 10,000 draws cost the same for any n. Up to 256 beneficiaries every draw resamples each one directly.
 */
function resampler(columns: Float64Array[], n: number, random: Random): () => Float64Array {
  const m = columns[0]!.length;
  const totals = new Float64Array(columns.length);
  const addDirect = (count: number) => {
    for (let i = 0; i < count; i++) {
      const k = random.nextIndex(m);
      for (let c = 0; c < columns.length; c++) totals[c]! += columns[c]![k]!;
    }
  };
  if (n <= BLOCKS_PER_DRAW) {
    return () => {
      totals.fill(0);
      addDirect(n);
      return totals;
    };
  }
  const blockSize = Math.floor(n / BLOCKS_PER_DRAW);
  const remainder = n - BLOCKS_PER_DRAW * blockSize;
  const banks = columns.map(() => new Float64Array(BLOCK_BANK));
  for (let j = 0; j < BLOCK_BANK; j++) {
    for (let i = 0; i < blockSize; i++) {
      const k = random.nextIndex(m);
      for (let c = 0; c < columns.length; c++) banks[c]![j]! += columns[c]![k]!;
    }
  }
  // The bank is shared by every draw, so its own sampling error would shift them all alike: match each column's
  // bank mean and variance to b resampled values exactly (b·μ, b·σ²), keeping its shape.
  columns.forEach((values, c) => matchMoments(banks[c]!, values, blockSize));
  return () => {
    totals.fill(0);
    for (let i = 0; i < BLOCKS_PER_DRAW; i++) {
      const j = random.nextIndex(BLOCK_BANK);
      for (let c = 0; c < columns.length; c++) totals[c]! += banks[c]![j]!;
    }
    addDirect(remainder);
    return totals;
  };
}

function matchMoments(bank: Float64Array, values: Float64Array, blockSize: number): void {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  const bankMean = bank.reduce((s, v) => s + v, 0) / bank.length;
  const bankVariance = bank.reduce((s, v) => s + (v - bankMean) ** 2, 0) / bank.length;
  const stretch = bankVariance > 0 ? Math.sqrt((blockSize * variance) / bankVariance) : 0;
  for (let j = 0; j < bank.length; j++) bank[j] = blockSize * mean + (bank[j]! - bankMean) * stretch;
}

/** Linear-interpolated quantile of sorted values (type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * `costs`: the network's per-beneficiary annual Parts A+B costs (one value per beneficiary, e.g. from claims).
 * Their shape is kept and their level set to the projection: costs are scaled so their mean equals
 * `inputs.expenditurePerCapita`. Each draw resamples `personYears` beneficiaries.
 */
export function simulateSettlement(inputs: SettlementInputs, costs: ArrayLike<number>, options: RiskOptions = {}): RiskResult {
  const parsed = settlementInputsSchema.parse(inputs);
  const { draws, seed, stopLoss } = riskOptionsSchema.parse(options);
  if (costs.length === 0) throw new Error('no per-beneficiary costs to resample');
  let sum = 0;
  for (let i = 0; i < costs.length; i++) sum += costs[i]!;
  const scale = sum > 0 ? parsed.expenditurePerCapita / (sum / costs.length) : 0;
  const actual = Float64Array.from({ length: costs.length }, (_, i) => costs[i]! * scale);
  const columns = [actual];
  if (stopLoss) {
    const { attachmentPoint: a, coinsurance } = stopLoss;
    columns.push(actual.map((cost) => (cost > a ? a + coinsurance * (cost - a) : cost)));
  }
  const beneficiaries = Math.max(1, Math.round(parsed.personYears));
  const premium = (stopLoss?.premiumPerMemberYear ?? 0) * parsed.personYears;
  const drawTotals = resampler(columns, beneficiaries, seededRandom(seed));
  const net = new Float64Array(draws);
  let owing = 0;
  let savings = 0;
  let totalNet = 0;
  for (let d = 0; d < draws; d++) {
    const totals = drawTotals();
    let outcome = settleParsed({ ...parsed, expenditurePerCapita: totals[0]! / beneficiaries }).net;
    if (stopLoss && outcome < 0) {
      // recovery: losses reduced to those of the protected spending, never past zero
      const protectedOutcome = settleParsed({ ...parsed, expenditurePerCapita: totals[1]! / beneficiaries }).net;
      outcome = Math.min(0, Math.max(outcome, protectedOutcome));
    }
    if (outcome < 0) owing++;
    else if (outcome > 0) savings++;
    net[d] = outcome - premium;
    totalNet += net[d]!;
  }
  net.sort();
  return {
    draws,
    seed,
    beneficiaries,
    net,
    mean: totalNet / draws,
    p5: quantile(net, 0.05),
    p50: quantile(net, 0.5),
    p95: quantile(net, 0.95),
    probabilityOfOwing: owing / draws,
    probabilityOfSavings: savings / draws,
  };
}
