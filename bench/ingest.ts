// Ingest benchmark: generate (once) and load N-patient networks into a fresh database file; prints
// resources/s, MB/s, peak RSS, and the linking time.
// Run: npx tsx bench/ingest.ts --patients 100000 [--patients 1000000]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../server/db/database.ts';
import { applySchema } from '../server/db/schema.ts';
import { ingestPaths } from '../server/ingest/orchestrator.ts';
import { linkPatients } from '../server/ingest/link-patients.ts';
import { BENCH_OUT, benchNetwork, folderBytes, peakRssMiB } from './network.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', multiple: true, default: ['100000'] } } });

for (const n of values.patients!.map(Number)) {
  const dir = await benchNetwork(n);
  const dbPath = path.join(BENCH_OUT, `ingest-${n}.duckdb`);
  for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  const db = await Database.open({ path: dbPath, poolSize: 2 });
  await applySchema(db);
  const started = performance.now();
  const summary = await ingestPaths(db, [dir], { progress: (m) => process.stderr.write(`  ${m}\n`) });
  const ingestS = (performance.now() - started) / 1000;
  const linkStarted = performance.now();
  const link = await linkPatients(db);
  const linkS = (performance.now() - linkStarted) / 1000;
  db.close();

  const counts = summary.practices.flatMap((p) => p.counts);
  const read = counts.reduce((s, c) => s + c.read, 0);
  const rejected = counts.reduce((s, c) => s + c.rejected, 0);
  const mb = folderBytes(dir) / 1e6;
  console.log(
    [
      `ingest benchmark: ${n.toLocaleString('en-US')} patients, ${summary.practices.length} practices, ${mb.toFixed(0)} MB of extracts`,
      `  rows read ${read.toLocaleString('en-US')} (rejected ${rejected.toLocaleString('en-US')}) in ${ingestS.toFixed(1)} s`,
      `  ${Math.round(read / ingestS).toLocaleString('en-US')} rows/s, ${(mb / ingestS).toFixed(1)} MB/s`,
      `  linking: ${link.records.toLocaleString('en-US')} records -> ${link.patients.toLocaleString('en-US')} patients in ${linkS.toFixed(1)} s`,
      `  peak RSS ${peakRssMiB()} MiB`,
      `  command: npx tsx bench/ingest.ts --patients ${n}`,
    ].join('\n'),
  );
}
