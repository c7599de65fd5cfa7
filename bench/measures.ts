// Measure benchmark: all eleven measures for the generated year over an N-patient network; prints wall
// time, patients/s, peak RSS and the data size. The loaded database (value sets, extracts, linking) is
// made once per N under bench/out/ and reused, since generating and ingesting 1M patients takes long;
// each run adds one measure run to it.
// Run: npx tsx bench/measures.ts --patients 100000 [--patients 1000000]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../server/config.ts';
import { Database } from '../server/db/database.ts';
import { applySchema } from '../server/db/schema.ts';
import { ingestPaths } from '../server/ingest/orchestrator.ts';
import { linkPatients } from '../server/ingest/link-patients.ts';
import { loadAttributionReference } from '../server/measures/attribution.ts';
import { MEASURES } from '../server/measures/registry.ts';
import { runMeasures } from '../server/measures/runner.ts';
import { loadValueSets } from '../server/terminology/value-sets.ts';
import { BENCH_OUT, benchNetwork, peakRssMiB } from './network.ts';

const YEAR = 2026; // the year benchNetwork generates
const CLINICAL_TABLES = ['encounter', 'condition', 'observation', 'procedure', 'medication_request', 'service_request', 'device_request', 'immunization'];

const { values } = parseArgs({ options: { patients: { type: 'string', multiple: true, default: ['100000'] } } });

/** The database of an N-patient network, loaded once; a half-made file (no 'ready' marker) is rebuilt. */
async function loadedDatabase(n: number): Promise<Database> {
  const dbPath = path.join(BENCH_OUT, `measures-${n}.duckdb`);
  const ready = `${dbPath}.ready`;
  if (!fs.existsSync(ready)) {
    const dir = await benchNetwork(n, undefined, YEAR);
    for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
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
  return Database.open({ path: dbPath, poolSize: 2 });
}

for (const n of values.patients!.map(Number)) {
  const db = await loadedDatabase(n);
  const [size] = await db.query(
    `SELECT (SELECT count(*) FROM patient) AS patients, ${CLINICAL_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS clinical_rows`,
  );
  const started = performance.now();
  const runId = await runMeasures(db, { periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, asOf: `${YEAR}-12-31` });
  const seconds = (performance.now() - started) / 1000;
  const [results] = await db.query('SELECT count(*) AS n FROM measure_result WHERE run_id = $run_id', { run_id: runId });
  db.close();

  const patients = Number(size?.patients);
  console.log(
    [
      `measure benchmark: ${MEASURES.length} measures, period ${YEAR}, ${patients.toLocaleString('en-US')} patients, ` +
        `${Number(size?.clinical_rows).toLocaleString('en-US')} clinical rows`,
      `  run ${runId}: ${Number(results?.n).toLocaleString('en-US')} result rows in ${seconds.toFixed(1)} s, ` +
        `${Math.round(patients / seconds).toLocaleString('en-US')} patients/s`,
      `  peak RSS ${peakRssMiB()} MiB`,
      `  command: npx tsx bench/measures.ts --patients ${n}`,
    ].join('\n'),
  );
}
