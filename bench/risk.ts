// Risk-simulation benchmark: 10,000 seeded Monte Carlo draws of an ACO's performance-year settlement, each
// resampling every assigned beneficiary's annual cost. Prints wall time per run and the data size.
// The cost distribution is synthetic but shaped like Medicare FFS claims: ~8% with no spending, a lognormal
// body and a Pareto tail (the top 1% around 10× the mean).
// Run: npx tsx bench/risk.ts [--beneficiaries 10000] [--draws 10000] [--pool 5000]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { seededRandom } from '../server/aco/risk/random.ts';
import { simulateSettlement } from '../server/aco/risk/simulate.ts';

const { values } = parseArgs({
  options: {
    beneficiaries: { type: 'string', default: '10000' },
    draws: { type: 'string', default: '10000' },
    pool: { type: 'string', default: '5000' },
  },
});
const beneficiaries = Number(values.beneficiaries);
const draws = Number(values.draws);
const pool = Number(values.pool);

function syntheticCosts(n: number): Float64Array {
  const random = seededRandom(7);
  const costs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = random.nextFloat();
    if (u < 0.08) continue;
    if (u > 0.99) {
      costs[i] = 60_000 / Math.sqrt(1 - random.nextFloat()); // Pareto, alpha 2
      continue;
    }
    // Box–Muller normal → lognormal body
    const z = Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
    costs[i] = Math.exp(8.4 + 1.1 * z);
  }
  return costs;
}

const costs = syntheticCosts(pool);
const inputs = {
  performanceYear: 2025 as const,
  track: 'ENHANCED' as const,
  assignedBeneficiaries: beneficiaries,
  personYears: beneficiaries,
  updatedBenchmarkPerCapita: 12_000,
  expenditurePerCapita: 11_700,
  msrMlr: { kind: 'fixed' as const, rate: 0.01 as const },
  quality: { score: 0.85, standard: 'met' as const },
  revenueCategory: 'high' as const,
};

console.log(`risk simulation: ${draws.toLocaleString('en-US')} draws, each a year of ${beneficiaries.toLocaleString('en-US')} beneficiaries resampled from ${pool.toLocaleString('en-US')} per-beneficiary costs`);
for (const [label, stopLoss] of [
  ['no stop-loss', undefined],
  ['stop-loss $100k attachment, 10% coinsurance', { attachmentPoint: 100_000, coinsurance: 0.1, premiumPerMemberYear: 60 }],
] as const) {
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const r = simulateSettlement(inputs, costs, { draws, seed: 42, stopLoss });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    const m = (v: number) => `${v < 0 ? '−' : ''}$${(Math.abs(v) / 1e6).toFixed(2)}M`;
    console.log(`  ${label}, run ${run}: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU — P5 ${m(r.p5)}, P50 ${m(r.p50)}, P95 ${m(r.p95)}, P(owing) ${(r.probabilityOfOwing * 100).toFixed(1)}%`);
  }
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (wall time rises with load; CPU time less so)`);
console.log(`rerun: npx tsx bench/risk.ts --beneficiaries ${beneficiaries} --draws ${draws} --pool ${pool}`);
