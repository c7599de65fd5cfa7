// Benchmark inputs: a generated network of N patients under bench/out/, made once per (N, seed) and reused.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, REPORT_FILE, generateNetwork } from '../tools/generate-network/generate.ts';

export const BENCH_OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');

export async function benchNetwork(patients: number, seed = DEFAULT_SEED, year = 2026): Promise<string> {
  const dir = path.join(BENCH_OUT, `network-${patients}-${seed}`);
  if (!fs.existsSync(path.join(dir, REPORT_FILE))) {
    fs.rmSync(dir, { recursive: true, force: true });
    const started = performance.now();
    await generateNetwork({ out: dir, persons: patients, seed, year, progress: true });
    console.error(`generated ${patients.toLocaleString('en-US')} patients in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${dir}`);
  }
  return dir;
}

/** Total bytes of the files under a folder. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Peak resident set size of this process so far, in MiB (DuckDB runs in-process, so it is included). */
export const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
