// Benchmark inputs: a generated network of N patients under bench/out/, made once per (N, seed, generator
// version) and reused.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, REPORT_FILE, generateNetwork } from '../tools/generate-network/generate.ts';

export const BENCH_OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');

/** A short hash of the generator's sources: networks (and databases loaded from them) cached by an older
 *  generator are not reused, so a benchmark never measures data the generator no longer makes. */
export const GENERATOR_VERSION = (() => {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'generate-network');
  const hash = createHash('sha256');
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const file of files.map((e) => path.join(e.parentPath, e.name)).sort()) {
    hash.update(path.relative(dir, file)).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 8);
})();

export async function benchNetwork(patients: number, seed = DEFAULT_SEED, year = 2026): Promise<string> {
  const dir = path.join(BENCH_OUT, `network-${patients}-${seed}-${GENERATOR_VERSION}`);
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
