// Load test: concurrent dashboard requests (autocannon, over loopback) while an ingest runs in the same
// process, as when an admin uploads extracts during the day. Prints p50/p95/p99 latency and errors for a
// baseline window without ingest and for the window while the ingest (load + patient linking) runs.
//   database: the sample network (data-samples/, built once into bench/out/load-sample.duckdb, copied per run)
//   ingest:   a second generated network (bench/network.ts, --ingest-patients N, default 2,000): new files
//             for the same practice ids, so every file loads
// Run: npx tsx bench/load.ts [--connections 8] [--baseline-seconds 15] [--ingest-patients 2000]
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import { config } from '../server/config.ts';
import { removeDatabaseFiles, type Database } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open.ts';
import { linkPatients } from '../server/ingest/link-patients.ts';
import { ingestPaths } from '../server/ingest/orchestrator.ts';
import { buildDatabase } from '../server/pipeline.ts';
import { dashboardRequests, hammer, latencyPercentiles, type LoadWindow } from './load-harness.ts';
import { BENCH_OUT, benchNetwork, folderBytes } from './network.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '8' },
    'baseline-seconds': { type: 'string', default: '15' },
    'ingest-patients': { type: 'string', default: '2000' },
  },
});
const CONNECTIONS = Number(values.connections);
const BASELINE_SECONDS = Number(values['baseline-seconds']);
const INGEST_PATIENTS = Number(values['ingest-patients']);

/** The sample network's database, built once (like `caliper start`) and copied for each run. */
async function sampleDatabase(): Promise<string> {
  const built = path.join(BENCH_OUT, 'load-sample.duckdb');
  if (!fs.existsSync(`${built}.ready`)) {
    fs.rmSync(built, { force: true });
    const db = await openDatabase(built);
    await buildDatabase(db, config.CALIPER_SAMPLES);
    await db.exec('CHECKPOINT');
    db.close();
    fs.writeFileSync(`${built}.ready`, '');
  }
  const copy = path.join(BENCH_OUT, 'load-run.duckdb');
  removeDatabaseFiles(copy);
  fs.copyFileSync(built, copy);
  return copy;
}

function report(name: string, w: LoadWindow): void {
  const q = latencyPercentiles(w);
  const ms = (p: 50 | 95 | 99) => `${q[`p${p}`].toFixed(1)} ms`;
  console.log(
    `${name}: ${w.requests.toLocaleString('en-US')} requests in ${w.seconds.toFixed(1)} s (${(w.requests / w.seconds).toFixed(1)}/s), ` +
      `p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${q.max.toFixed(1)} ms; non-2xx ${w.non2xx}, errors ${w.errors}, timeouts ${w.timeouts}`,
  );
}

const dbPath = await sampleDatabase();
const ingestDir = await benchNetwork(INGEST_PATIENTS);
const db = await openDatabase(dbPath);
const app = createApp({ db, logger: pino({ level: 'silent' }) });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
try {
  const requests = await dashboardRequests(db, base);
  const [{ patients }] = (await db.query('SELECT count(*) AS patients FROM patient')) as [{ patients: number }];
  console.log(`database: sample network, ${patients.toLocaleString('en-US')} patients; ${CONNECTIONS} connections over loopback, requests cycling through ${requests.map((r) => r.path).join(', ')}`);

  report('baseline (no ingest)', await hammer(base, requests, { connections: CONNECTIONS, seconds: BASELINE_SECONDS }));

  const started = performance.now();
  const ingest = (async () => {
    const summary = await ingestPaths(db, [ingestDir]);
    const link = await linkPatients(db);
    return { summary, link, seconds: (performance.now() - started) / 1000 };
  })();
  const during = await hammer(base, requests, { connections: CONNECTIONS, until: ingest });
  const { summary, link, seconds } = await ingest;
  const loaded = summary.practices.flatMap((p) => p.counts).reduce((n, c) => n + c.loaded, 0);
  console.log(
    `ingest: ${summary.practices.length} practice folders, ${(folderBytes(ingestDir) / 2 ** 20).toFixed(0)} MiB, ${loaded.toLocaleString('en-US')} rows loaded, ` +
      `then linking (${link.patients.toLocaleString('en-US')} patients) in ${seconds.toFixed(1)} s`,
  );
  report('during ingest', during);
} finally {
  server.close();
  db.close();
}
console.log(`rerun: npx tsx bench/load.ts --connections ${CONNECTIONS} --baseline-seconds ${BASELINE_SECONDS} --ingest-patients ${INGEST_PATIENTS}`);
