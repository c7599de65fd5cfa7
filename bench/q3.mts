import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '/tmp/lead/cmp-old.duckdb' AS a (READ_ONLY)`); await c.run(`ATTACH '${process.argv[2]}' AS b (READ_ONLY)`);
const q = async (s: string) => { for (const r of (await c.runAndReadAll(s)).getRows()) console.log(r.map(String).join(' | ')); };
await q(`WITH x AS (SELECT * EXCLUDE (run_id) FROM a.measure_result WHERE run_id = (SELECT max(run_id) FROM a.measure_result) EXCEPT ALL SELECT * EXCLUDE (run_id) FROM b.measure_result WHERE run_id = (SELECT max(run_id) FROM b.measure_result)),
 y AS (SELECT * EXCLUDE (run_id) FROM b.measure_result WHERE run_id = (SELECT max(run_id) FROM b.measure_result) EXCEPT ALL SELECT * EXCLUDE (run_id) FROM a.measure_result WHERE run_id = (SELECT max(run_id) FROM a.measure_result))
 SELECT 'old' AS v, measure_id, patient_id, payer, evidence_date, evidence_value, evidence_record_id, exclusion_reason FROM x UNION ALL SELECT 'new', measure_id, patient_id, payer, evidence_date, evidence_value, evidence_record_id, exclusion_reason FROM y ORDER BY 3, 2, 1`);
