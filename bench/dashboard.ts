// Dashboard benchmark: every dashboard endpoint over HTTP against a large network's finished run (warm-up,
// then repeated requests), printing p50/p95 latency and response bytes (and bytes on the wire when gzipped;
// fetch decodes them in this same process) per endpoint, the data size, the
// machine's load and the command. Results are precomputed per run (server/marts/build.ts); the first
// request of a run without marts builds them, and that build time is printed separately.
// Database: --db FILE (a loaded database; it is used in place, so pass a copy), else a copy of the shared
// 1M network (/work/bench-1m/caliper-1m.duckdb, once its READY marker exists) under bench/out/, else the
// 1M database bench/measures.ts leaves (npx tsx bench/measures.ts --patients 1000000). A database without
// a finished run gets one (caliper compute's defaults for the data's year).
// Run: npm run bench:dashboard -- [--db FILE] [--requests 50] [--warmup 5]
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { openDatabase } from '../server/db/open.ts';
import { ensureRunMarts } from '../server/marts/build.ts';
import { ensureSourceQuality } from '../server/marts/source-quality.ts';
import { runMeasures } from '../server/measures/runner.ts';
import { BENCH_OUT, GENERATOR_VERSION, peakRssMiB } from './network.ts';

const SHARED_1M = '/work/bench-1m/caliper-1m.duckdb';
const MEASURES_1M = path.join(BENCH_OUT, `measures-1000000-${GENERATOR_VERSION}.duckdb`);

const { values } = parseArgs({
  options: { db: { type: 'string' }, requests: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' } },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);

/** The database to benchmark: the one given, or a fresh copy of the shared 1M network, or bench/measures.ts's. */
function databasePath(): string {
  if (values.db) return path.resolve(values.db);
  if (fs.existsSync('/work/bench-1m/READY')) {
    const copy = path.join(BENCH_OUT, 'dashboard-1m.duckdb');
    if (!fs.existsSync(copy)) {
      fs.mkdirSync(BENCH_OUT, { recursive: true });
      fs.copyFileSync(SHARED_1M, copy);
      if (fs.existsSync(`${SHARED_1M}.wal`)) fs.copyFileSync(`${SHARED_1M}.wal`, `${copy}.wal`);
    }
    return copy;
  }
  if (fs.existsSync(MEASURES_1M)) return MEASURES_1M;
  throw new Error(`No 1M database: pass --db FILE, wait for ${SHARED_1M} (READY), or run npx tsx bench/measures.ts --patients 1000000`);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const dbPath = databasePath();
const db = await openDatabase(dbPath);
let [run] = await db.query(`SELECT run_id, period_start FROM measure_run WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 1`);
if (!run) {
  const [latest] = await db.query('SELECT year(max(period_start))::INTEGER AS year FROM encounter');
  const year = Number(latest?.year);
  const started = performance.now();
  const runId = await runMeasures(db, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, asOf: `${year}-12-31` });
  console.log(`computed run ${runId} (measures and marts) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  [run] = await db.query('SELECT run_id, period_start FROM measure_run WHERE run_id = $run_id', { run_id: runId });
}
const runId = Number(run!.run_id);
const martsStarted = performance.now();
await ensureRunMarts(db, runId);
const martsWaitMs = Math.round(performance.now() - martsStarted);
const sourcesStarted = performance.now();
await ensureSourceQuality(db); // built after each load; a database loaded before that builds it here once
const sourcesWaitMs = Math.round(performance.now() - sourcesStarted);
const [marts] = await db.query('SELECT build_ms FROM dashboard_mart_run WHERE run_id = $run_id', { run_id: runId });

const [size] = await db.query(
  `SELECT (SELECT count(*) FROM patient)::BIGINT AS patients,
          (SELECT count(*) FROM measure_result WHERE run_id = $run_id)::BIGINT AS results,
          (SELECT count(*) FROM worklist_gap WHERE run_id = $run_id)::BIGINT AS gaps,
          (SELECT count(*) FROM measure_rate WHERE run_id = $run_id)::BIGINT AS cube_rows`,
  { run_id: runId },
);
// Request subjects: the practice with most gaps (attributed; else by records held, for a network whose run
// attributed nobody), a payer, and patients with open gaps there.
const [busiest] = await db.query(
  `SELECT practice_id, count(*) AS gaps
   FROM (SELECT unnest(CASE WHEN practice_id IS NULL THEN record_practice_ids ELSE [practice_id] END) AS practice_id
         FROM worklist_gap WHERE run_id = $run_id)
   GROUP BY ALL ORDER BY gaps DESC LIMIT 1`,
  { run_id: runId },
);
const practice = String(busiest?.practice_id);
const [payer] = await db.query(
  `SELECT payer FROM measure_rate WHERE run_id = $run_id AND entity_type = 'network' AND stratifier = '*' AND payer <> '*'
   ORDER BY denominator DESC LIMIT 1`,
  { run_id: runId },
);
const patients = (
  await db.query(`SELECT DISTINCT patient_id FROM worklist_gap
     WHERE run_id = $run_id AND (practice_id = $practice OR list_contains(record_practice_ids, $practice)) LIMIT 50`, {
    run_id: runId,
    practice,
  })
).map((r) => String(r.patient_id));

const app = createApp({ db, logger: pino({ level: 'warn' }) });
const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A signed-in session cookie for a new user of the role. */
async function session(role: 'network' | 'practice', practiceIds: string[] = []): Promise<string> {
  const username = `bench-${role}-${Date.now()}`;
  const password = 'benchmark password only';
  await createUser(db, { username, password, role, practice_ids: practiceIds });
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
const networkCookie = await session('network');
const practiceCookie = await session('practice', [practice]);

const payerParam = encodeURIComponent(String(payer?.payer));
const endpoints: { name: string; cookie: string; urls: string[] }[] = [
  { name: 'overview (network)', cookie: networkCookie, urls: ['/api/overview'] },
  { name: `overview (${practice}, payer ${payer?.payer})`, cookie: networkCookie, urls: [`/api/overview?practice=${practice}&payer=${payerParam}`] },
  { name: 'measure cms165 (practices)', cookie: networkCookie, urls: ['/api/measures/cms165'] },
  { name: `measure cms122, payer ${payer?.payer}`, cookie: networkCookie, urls: [`/api/measures/cms122?payer=${payerParam}`] },
  { name: `measure cms165, providers of ${practice}`, cookie: networkCookie, urls: [`/api/measures/cms165?level=provider&practice=${practice}`] },
  { name: 'measure cms165, every provider', cookie: networkCookie, urls: ['/api/measures/cms165?level=provider'] },
  { name: `worklist practice ${practice} (practice user)`, cookie: practiceCookie, urls: ['/api/worklist'] },
  { name: `worklist ${practice} x cms130 (network user)`, cookie: networkCookie, urls: [`/api/worklist?practice=${practice}&measure=cms130`] },
  { name: 'worklist cms165, network-wide', cookie: networkCookie, urls: ['/api/worklist?measure=cms165'] },
  { name: 'worklist, whole network (250k-row cap)', cookie: networkCookie, urls: ['/api/worklist'] },
  { name: 'patient page (50 patients in turn)', cookie: networkCookie, urls: patients.map((p) => `/api/patients/${encodeURIComponent(p)}`) },
  { name: `measures (legacy list, ${practice})`, cookie: networkCookie, urls: [`/api/measures?practice=${practice}`] },
  { name: 'sources (practices, completeness, linking)', cookie: networkCookie, urls: ['/api/sources'] },
  { name: `sources with ${practice}'s files`, cookie: networkCookie, urls: [`/api/sources?practice=${practice}`] },
];

const lines: string[] = [];
for (const endpoint of endpoints) {
  const times: number[] = [];
  let bytes = 0;
  let wire = 0; // as sent (Content-Length): less than bytes when gzipped
  for (let i = 0; i < warmup + requests; i++) {
    const url = endpoint.urls[i % endpoint.urls.length]!;
    const started = performance.now();
    const res = await fetch(base + url, { headers: { cookie: endpoint.cookie } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - started;
    if (!res.ok) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    if (i >= warmup) {
      times.push(ms);
      bytes += body.byteLength;
      wire += Number(res.headers.get('content-length') ?? body.byteLength);
    }
  }
  times.sort((a, b) => a - b);
  lines.push(
    `  ${endpoint.name.padEnd(46)} p50 ${quantile(times, 0.5).toFixed(1).padStart(7)} ms  p95 ${quantile(times, 0.95).toFixed(1).padStart(7)} ms  ` +
      `${Math.round(bytes / times.length).toLocaleString('en-US').padStart(12)} bytes` +
      (wire < bytes ? ` (${Math.round(wire / times.length).toLocaleString('en-US')} gzipped)` : ''),
  );
}
server.close();
db.close();

const n = (v: unknown) => Number(v).toLocaleString('en-US');
console.log(
  [
    `dashboard benchmark: run ${runId}, ${n(size?.patients)} patients, ${n(size?.results)} result rows, ${n(size?.gaps)} open gaps, ` +
      `${n(size?.cube_rows)} cube rows`,
    `  marts of the run: built in ${n(marts?.build_ms)} ms (this process waited ${n(martsWaitMs)} ms for them); ` +
      `source-quality marts: this process waited ${n(sourcesWaitMs)} ms`,
    `  ${warmup} warm-up + ${requests} requests per endpoint, sequential, over HTTP on 127.0.0.1`,
    ...lines,
    `  machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; peak RSS ${peakRssMiB()} MiB`,
    `  database: ${dbPath}`,
    `  command: npm run bench:dashboard -- --db ${dbPath} --requests ${requests} --warmup ${warmup}`,
  ].join('\n'),
);
