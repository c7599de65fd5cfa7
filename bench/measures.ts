// Measure benchmark: all eleven measures for the generated year over an N-patient network; prints wall
// time, patients/s, peak RSS and the data size, and the wall and CPU seconds of each part of the run
// (runMeasures' partDone): attribution and measures up to their commit, then the dashboard marts up to
// theirs. The loaded database (value sets, extracts, linking) is
// made once per N under bench/out/ and reused, since generating and ingesting 1M patients takes long;
// each run works on a fresh copy of it, so every run starts from the same state (a database that kept
// every earlier run's results and marts grew from 3.5 to 5.4 GB in two runs at 1M).
//   --replicate K  run over K copies of the N-patient network instead (every patient-keyed row again with
//                  its ids suffixed '~k'): a synthetic N*K network copied in SQL, much faster than generating
//                  and ingesting one (the same patients' shapes, so per-patient work is comparable)
//   --db FILE      run over a copy of an already loaded database (the original is only read)
// Run: npx tsx bench/measures.ts --patients 100000 [--patients 1000000] [--replicate 10] [--db FILE]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../server/config.ts';
import { Database, removeDatabaseFiles } from '../server/db/database.ts';
import { applySchema } from '../server/db/schema.ts';
import { ingestPaths } from '../server/ingest/orchestrator.ts';
import { linkPatients } from '../server/ingest/link-patients.ts';
import { loadAttributionReference } from '../server/measures/attribution.ts';
import { MEASURES } from '../server/measures/registry.ts';
import { runMeasures, type RunPart } from '../server/measures/runner.ts';
import { loadValueSets } from '../server/terminology/value-sets.ts';
import { BENCH_OUT, GENERATOR_VERSION, benchNetwork, peakRssMiB } from './network.ts';

const YEAR = 2026; // the year benchNetwork generates
const CLINICAL_TABLES = ['encounter', 'condition', 'observation', 'procedure', 'medication_request', 'service_request', 'device_request', 'immunization'];

// The tables a replica copies, with the id columns that must stay unique per copy.
const REPLICATED: Record<string, string[]> = {
  patient: ['patient_id'],
  patient_record: ['patient_record_id'],
  patient_link: ['patient_record_id', 'patient_id'],
  coverage: ['coverage_id', 'patient_record_id'],
  ...Object.fromEntries(CLINICAL_TABLES.map((t) => [t, [...new Set([`${t}_id`, 'patient_record_id', 'encounter_id'])]])),
};

const { values } = parseArgs({
  options: {
    patients: { type: 'string', multiple: true, default: ['100000'] },
    replicate: { type: 'string' },
    db: { type: 'string' },
  },
});
const replicas = Number(values.replicate ?? 1);
/** The working copy a run writes to (bench/out/), removed after the run. */
const RUN_COPY = 'measures-run.duckdb';

/** The database file of an N-patient network, loaded once; a half-made file (no 'ready' marker) is rebuilt. */
async function loadedDatabase(n: number): Promise<string> {
  const dbPath = path.join(BENCH_OUT, `measures-${n}-${GENERATOR_VERSION}.duckdb`);
  const ready = `${dbPath}.ready`;
  if (!fs.existsSync(ready)) {
    const dir = await benchNetwork(n, undefined, YEAR);
    removeDatabaseFiles(dbPath);
    const db = await Database.open({ path: dbPath, poolSize: 2 });
    const started = performance.now();
    await applySchema(db);
    await loadValueSets(db, config.CALIPER_VALUE_SETS);
    await loadAttributionReference(db, config.CALIPER_REFDATA);
    await ingestPaths(db, [dir], { progress: (m) => process.stderr.write(`  ${m}\n`) });
    await linkPatients(db);
    db.close();
    fs.writeFileSync(ready, '');
    console.error(`loaded ${n.toLocaleString('en-US')} patients in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${dbPath}`);
  }
  return dbPath;
}

/** A fresh working copy of a database file, so a run never writes to the original. */
async function copiedDatabase(source: string, name: string = RUN_COPY): Promise<Database> {
  const dbPath = path.join(BENCH_OUT, name);
  removeDatabaseFiles(dbPath);
  fs.copyFileSync(source, dbPath);
  if (fs.existsSync(`${source}.wal`)) fs.copyFileSync(`${source}.wal`, `${dbPath}.wal`);
  return Database.open({ path: dbPath, poolSize: 2 });
}

/** The database file of the N-patient network with `k` copies of every patient (made once; table and column
 *  names are fixed above). */
async function replicatedDatabase(n: number, k: number): Promise<string> {
  const dbPath = path.join(BENCH_OUT, `measures-${n}-${GENERATOR_VERSION}-x${k}.duckdb`);
  const ready = `${dbPath}.ready`;
  if (!fs.existsSync(ready)) {
    const loaded = await loadedDatabase(n);
    const started = performance.now();
    const db = await copiedDatabase(loaded, path.basename(dbPath));
    await db.transaction(async (c) => {
      for (const [table, ids] of Object.entries(REPLICATED)) {
        const columns = await db.query('SELECT column_name FROM information_schema.columns WHERE table_name = $table', { table });
        const suffixed = ids.filter((id) => columns.some((col) => col.column_name === id));
        await c.run(
          `INSERT INTO ${table} SELECT ${table}.* REPLACE (${suffixed.map((id) => `${id} || '~' || copy AS ${id}`).join(', ')})
           FROM ${table}, range(1, $k) AS r(copy)`,
          { k },
        );
      }
    });
    for (const table of ['measure_result', 'measure_result_monthly', 'measure_run_value_set', 'measure_run', 'patient_attribution'])
      await db.query(`DELETE FROM ${table}`);
    await db.query('CHECKPOINT');
    db.close();
    fs.writeFileSync(ready, '');
    console.error(`replicated ${n.toLocaleString('en-US')} patients x${k} in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${dbPath}`);
  }
  return dbPath;
}

/** Each run's database: the file it copies. */
const runs: { label: string; source: () => Promise<string> }[] = values.db
  ? [{ label: `--db ${values.db}`, source: async () => values.db! }]
  : values.patients!.map((p) => {
      const n = Number(p);
      return replicas > 1
        ? { label: `--patients ${n} --replicate ${replicas}`, source: () => replicatedDatabase(n, replicas) }
        : { label: `--patients ${n}`, source: () => loadedDatabase(n) };
    });

for (const { label, source } of runs) {
  const db = await copiedDatabase(await source());
  await applySchema(db); // a database loaded by an earlier version gets the tables added since
  const [size] = await db.query(
    `SELECT (SELECT count(*) FROM patient) AS patients, ${CLINICAL_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS clinical_rows`,
  );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const parts: { part: RunPart; seconds: number; cpuSeconds: number }[] = [];
  let partStarted = { wall: started, cpu: cpuBefore };
  const partDone = (part: RunPart) => {
    const now = { wall: performance.now(), cpu: process.cpuUsage() };
    const cpuSeconds = (now.cpu.user - partStarted.cpu.user + now.cpu.system - partStarted.cpu.system) / 1e6;
    parts.push({ part, seconds: (now.wall - partStarted.wall) / 1000, cpuSeconds });
    partStarted = now;
  };
  const runId = await runMeasures(db, { periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, asOf: `${YEAR}-12-31`, partDone });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6; // robust where wall time is not: the machine may be shared
  const [results] = await db.query('SELECT count(*) AS n FROM measure_result WHERE run_id = $run_id', { run_id: runId });
  // The marts' own part, from the end of the measures to the commit of their rows.
  const martSeconds = parts.find((p) => p.part === 'marts')?.seconds ?? 0;
  db.close();
  removeDatabaseFiles(path.join(BENCH_OUT, RUN_COPY));

  const patients = Number(size?.patients);
  console.log(
    [
      `measure benchmark: ${MEASURES.length} measures, period ${YEAR}, ${patients.toLocaleString('en-US')} patients, ` +
        `${Number(size?.clinical_rows).toLocaleString('en-US')} clinical rows`,
      `  run ${runId}: ${Number(results?.n).toLocaleString('en-US')} result rows in ${seconds.toFixed(1)} s, ` +
        `${Math.round(patients / seconds).toLocaleString('en-US')} patients/s, ${cpuSeconds.toFixed(1)} CPU-s`,
      `  of which attribution + measures ${(seconds - martSeconds).toFixed(1)} s ` +
        `(${Math.round(patients / (seconds - martSeconds)).toLocaleString('en-US')} patients/s), dashboard marts ${martSeconds.toFixed(1)} s`,
      `  parts: ${parts.map((p) => `${p.part} ${p.seconds.toFixed(1)} s / ${p.cpuSeconds.toFixed(1)} CPU-s`).join(', ')}`,
      `  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine may be shared)`,
      `  peak RSS ${peakRssMiB()} MiB`,
      `  command: npx tsx bench/measures.ts ${label}`,
    ].join('\n'),
  );
}
