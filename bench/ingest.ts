// Ingest benchmark: load an N-patient network into a fresh database file; prints resources/s, MB/s, CPU
// seconds, peak RSS, the load average (the machine may be shared), linking time and the command.
// Run: npx tsx bench/ingest.ts --patients 100000 [--patients 1000000]   (generated once under bench/out/)
//  or: npx tsx bench/ingest.ts --network DIR [--db FILE] [--reference]  (an already generated network)
// --reference also loads value sets and reference tables first (timed apart), so the database is ready
// for `caliper compute`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Database, removeDatabaseFiles } from '../server/db/database.ts';
import { applySchema } from '../server/db/schema.ts';
import { ingestPaths } from '../server/ingest/orchestrator.ts';
import { linkPatients } from '../server/ingest/link-patients.ts';
import { loadReferenceData } from '../server/pipeline.ts';
import { REPORT_FILE } from '../tools/generate-network/generate.ts';
import { BENCH_OUT, benchNetwork, folderBytes, peakRssMiB } from './network.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', multiple: true },
    network: { type: 'string' },
    db: { type: 'string' },
    reference: { type: 'boolean', default: false },
  },
});

const command = `npx tsx bench/ingest.ts ${process.argv.slice(2).join(' ')}`.trim();
const num = (n: number) => n.toLocaleString('en-US');
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** The networks to load: the one named by --network, or one generated per --patients (default 100k). */
async function networks(): Promise<{ dir: string; dbPath: string }[]> {
  if (values.network) {
    const dir = path.resolve(values.network);
    return [{ dir, dbPath: path.resolve(values.db ?? path.join(BENCH_OUT, `ingest-${path.basename(dir)}.duckdb`)) }];
  }
  const sizes = (values.patients ?? ['100000']).map(Number);
  if (values.db && sizes.length > 1) throw new Error('--db names one database: give one --patients with it');
  const made = [];
  for (const n of sizes) made.push({ dir: await benchNetwork(n), dbPath: path.resolve(values.db ?? path.join(BENCH_OUT, `ingest-${n}.duckdb`)) });
  return made;
}

for (const { dir, dbPath } of await networks()) {
  const persons = JSON.parse(fs.readFileSync(path.join(dir, REPORT_FILE), 'utf8')).persons as number;
  removeDatabaseFiles(dbPath);
  const db = await Database.open({ path: dbPath, poolSize: 2 });
  await applySchema(db);
  let reference = '';
  if (values.reference) {
    const started = performance.now();
    const valueSets = await loadReferenceData(db);
    reference = `  reference data: ${num(valueSets)} value sets and reference tables in ${((performance.now() - started) / 1000).toFixed(1)} s\n`;
  }

  const loadBefore = load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await ingestPaths(db, [dir], { progress: (m) => process.stderr.write(`  ${m}\n`) });
  const ingestS = (performance.now() - started) / 1000;
  const ingestCpuS = cpuSeconds(cpu);
  const loadAfter = load();
  const linkStarted = performance.now();
  const link = await linkPatients(db);
  const linkS = (performance.now() - linkStarted) / 1000;
  db.close();

  const counts = summary.practices.flatMap((p) => p.counts);
  const files = summary.practices.flatMap((p) => p.files);
  const read = counts.reduce((s, c) => s + c.read, 0);
  const rejected = counts.reduce((s, c) => s + c.rejected, 0);
  const mb = folderBytes(dir) / 1e6;
  // Per format: the rows its files held and the load time of its batches (a batch's time is shared among
  // its files by size; hashing the files first is not in it), so FHIR's own rate shows apart from CSV/CCLF.
  const byFormat = new Map<string, { files: number; read: number; ms: number }>();
  for (const f of files.filter((f) => !f.skipped)) {
    const t = byFormat.get(f.format) ?? { files: 0, read: 0, ms: 0 };
    byFormat.set(f.format, { files: t.files + 1, read: t.read + f.counts.reduce((s, c) => s + c.read, 0), ms: t.ms + f.ms });
  }
  const formatLines = [...byFormat].map(
    ([format, t]) => `    ${format}: ${num(t.files)} files, ${num(t.read)} rows in ${(t.ms / 1000).toFixed(1)} s of batches (${num(Math.round(t.read / (t.ms / 1000)))}/s)`,
  );
  console.log(
    [
      `ingest benchmark: ${num(persons)} persons, ${summary.practices.length} practices, ${num(files.length)} files, ${mb.toFixed(0)} MB of extracts -> ${dbPath}`,
      reference +
        `  resources read ${num(read)} (rejected ${num(rejected)}; failed files ${files.filter((f) => f.status === 'failed').length}) in ${ingestS.toFixed(1)} s wall, ${ingestCpuS.toFixed(1)} s CPU`,
      `  ${num(Math.round(read / ingestS))} resources/s, ${(mb / ingestS).toFixed(1)} MB/s (${num(Math.round(read / ingestCpuS))} resources per CPU-second)`,
      '  by format (batch time only):',
      ...formatLines,
      `  linking: ${num(link.records)} records -> ${num(link.patients)} patients in ${linkS.toFixed(1)} s`,
      `  peak RSS ${peakRssMiB()} MiB; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after, on ${os.cpus().length} cores`,
      `  command: ${command}`,
    ].join('\n'),
  );
}
