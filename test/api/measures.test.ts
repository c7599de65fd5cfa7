// GET /api/measures and /api/measures/runs over results written by the measure engine's own writer
// (sql/measures/shared/store_result.sql, which sets the gap flag from the improvement notation and the
// practice from patient_attribution for the run's period and method), with the published PY2025/PY2026
// MIPS benchmarks (refdata/mips_benchmarks; percentiles quoted from the CSV).
import path from 'node:path';
import { dateValue } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { runSqlFile } from '../../server/db/sql-script.ts';
import { loadMipsBenchmarks } from '../../server/measures/benchmarks.ts';
import { findMeasure } from '../../server/measures/registry.ts';
import { rowsTable, storeResults as storeRunResults } from '../../server/measures/runner.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const BENCHMARKS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'refdata', 'mips_benchmarks', 'mips_benchmarks_selected_py2025_py2026.csv');

/**
 * One letter per patient of a practice, in order: N numerator, G eligible but outside the numerator,
 * X denominator exclusion, E denominator exception, I initial population only (not in the denominator).
 * Patients are named <practice>-<n>; the same name is the same patient in every measure.
 */
type Letters = Record<string, string>;
type RunResults = Record<string, Record<string, Letters>>;

// Run 2 (2026, latest finished, visits attribution). Practice 'U' patients have no visits attribution for 2026.
const RUN_2026: RunResults = {
  cms165: { Group_1: { P01: 'XXNNNNNNNNNNNNNNNGGG', P02: 'XNNNGG', U: 'NGGG' } },
  cms122: { Group_1: { P01: 'NNNNNGGGGGGGGGGGGGGGX', P02: 'NGG' } },
  cms2: { Group_1: { P01: 'NNEXGI' } },
  cms138: { Group_1: { P01: 'NNG' }, Group_2: { P01: 'II' }, Group_3: { P01: 'NGG' } },
};
// Run 1 (2025, finished earlier).
const RUN_2025: RunResults = { cms165: { Group_1: { P01: 'NG' } } };

let db: Database;
let empty: Database;
let app: ReturnType<typeof createApp>;
let emptyApp: ReturnType<typeof createApp>;
let api: SignedInAgent;
let emptyApi: SignedInAgent;

/** Stores a run's results through the runner's own store (store_result.sql), all measures at once. */
async function storeResults(runId: number, year: number, results: RunResults): Promise<void> {
  const rows = Object.entries(results).flatMap(([measureId, groups]) =>
    Object.entries(groups).flatMap(([groupId, practices]) =>
      Object.entries(practices).flatMap(([practice, letters]) =>
        [...letters].map((letter, i) => ({ measure_id: measureId, patient_id: `${practice}-${i + 1}`, group_id: groupId, letter })),
      ),
    ),
  );
  const measures = Object.keys(results).map((id) => findMeasure(id)!);
  await db.withConnection(async (c) => {
    await runSqlFile(c, 'measures/shared/macros');
    await c.run(
      `CREATE OR REPLACE TEMP TABLE test_rows AS
       SELECT
           measure_id,
           dense_rank() OVER (ORDER BY patient_id)::INTEGER AS patient_key, patient_id, group_id,
           letter <> 'I' AS denominator,
           CASE letter WHEN 'X' THEN 'exclusion' WHEN 'E' THEN 'exception' ELSE 'outcome' END AS population,
           letter = 'N' AS numerator,
           NULL::VARCHAR AS stratum, NULL::DATE AS evidence_date, NULL::VARCHAR AS evidence_value,
           NULL::VARCHAR AS evidence_table, NULL::VARCHAR AS evidence_record_id, NULL::VARCHAR AS evidence_source_id,
           NULL::VARCHAR AS exclusion_reason, NULL::VARCHAR AS gap_reason, NULL::VARCHAR AS gap_text,
           NULL::DATE AS close_by, NULL::VARCHAR AS close_action
       FROM (SELECT unnest(from_json($rows, '[{"measure_id": "VARCHAR", "patient_id": "VARCHAR", "group_id": "VARCHAR", "letter": "VARCHAR"}]'), recursive := true))`,
      { rows: JSON.stringify(rows) },
    );
    await c.run(
      `CREATE OR REPLACE TEMP TABLE m_patient AS
       SELECT DISTINCT patient_key, patient_id, NULL::INTEGER AS age, NULL::VARCHAR AS sex, NULL::VARCHAR AS race,
              NULL::VARCHAR AS ethnicity, NULL::VARCHAR AS payer
       FROM test_rows`,
    );
    for (const m of measures) {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${rowsTable(m)} AS SELECT * EXCLUDE (measure_id) FROM test_rows WHERE measure_id = $id`, { id: m.id });
    }
    const day = (month: number, d: number) => dateValue({ year, month, day: d });
    await storeRunResults(c, runId, measures, { period_start: day(1, 1), period_end: day(12, 31), as_of: day(12, 31) }, 'visits');
    for (const m of measures) await c.run(`DROP TABLE ${rowsTable(m)}`);
    await c.run('DROP TABLE test_rows');
    await runSqlFile(c, 'measures/shared/cleanup');
  });
}

beforeAll(async () => {
  [db, empty] = await Promise.all([memoryDb(), memoryDb()]);
  await loadMipsBenchmarks(db, BENCHMARKS);
  await db.exec(`
    INSERT INTO practice (practice_id, name, tin, ehr, source_format) VALUES
        ('P01', 'Riverside Family Medicine', '111111111', 'Epic', 'fhir'),
        ('P02', 'Lakeview Internal Medicine', '222222222', 'athenahealth', 'csv'),
        ('P03', 'Hillcrest Pediatrics', '333333333', 'eClinicalWorks', 'fhir');
    INSERT INTO measure_run (run_id, started_at, finished_at, status, period_start, period_end, as_of, measures, attribution_method) VALUES
        (1, TIMESTAMP '2026-01-05 09:00', TIMESTAMP '2026-01-05 09:01', 'finished', DATE '2025-01-01', DATE '2025-12-31', DATE '2025-12-31', ['cms165'], 'visits'),
        (2, TIMESTAMP '2026-03-01 09:00', TIMESTAMP '2026-03-01 09:02', 'finished', DATE '2026-01-01', DATE '2026-12-31', DATE '2026-12-31', ['cms2', 'cms138', 'cms165', 'cms122'], 'visits'),
        (3, TIMESTAMP '2026-03-02 09:00', NULL, 'failed', DATE '2026-01-01', DATE '2026-12-31', DATE '2026-12-31', ['cms165'], 'visits');
    -- Visits attribution for 2026 of every P01-n and P02-n patient; the U patients are attributed only by
    -- claims (U-1) or for another period (U-2), which these rates do not use.
    INSERT INTO patient_attribution (period_start, period_end, method, patient_id, practice_id, qualifying_visits, last_visit, rule)
    SELECT DATE '2026-01-01', DATE '2026-12-31', 'visits', practice || '-' || n, practice, 1, DATE '2026-02-01', 'visits:period'
    FROM (VALUES ('P01', 21), ('P02', 6)) AS t(practice, patients), range(1, patients + 1) AS r(n);
    INSERT INTO patient_attribution (period_start, period_end, method, patient_id, practice_id, qualifying_visits, last_visit, rule) VALUES
        (DATE '2026-01-01', DATE '2026-12-31', 'claims', 'U-1', 'P02', 1, DATE '2026-02-01', 'claims:step1'),
        (DATE '2025-01-01', DATE '2025-12-31', 'visits', 'U-2', 'P01', 1, DATE '2025-02-01', 'visits:period');
  `);
  await storeResults(1, 2025, RUN_2025);
  await storeResults(2, 2026, RUN_2026);
  const logger = pino({ level: 'silent' });
  app = createApp({ db, logger });
  emptyApp = createApp({ db: empty, logger });
  [api, emptyApi] = await Promise.all([signedInAgent(app, db, 'network'), signedInAgent(emptyApp, empty, 'network')]);
});
afterAll(() => {
  db.close();
  empty.close();
});

interface MeasureRow {
  measure_id: string;
  group_id: string;
  [key: string]: unknown;
}

async function rates(query = ''): Promise<{ body: { measures: MeasureRow[]; [key: string]: unknown }; row: (id: string, group?: string) => MeasureRow }> {
  const res = await api.get(`/api/measures${query}`);
  expect(res.status).toBe(200);
  const body = res.body as { measures: MeasureRow[] };
  const row = (id: string, group = 'Group_1') => body.measures.find((m) => m.measure_id === id && m.group_id === group)!;
  return { body, row };
}

describe('GET /api/measures/runs', () => {
  it('lists the finished runs, latest first', async () => {
    const res = await api.get('/api/measures/runs');
    expect(res.status).toBe(200);
    expect(res.body.runs).toEqual([
      { run_id: 2, period_start: '2026-01-01', period_end: '2026-12-31', as_of: '2026-12-31', finished_at: '2026-03-01T09:02:00.000Z', measure_count: 4 },
      { run_id: 1, period_start: '2025-01-01', period_end: '2025-12-31', as_of: '2025-12-31', finished_at: '2026-01-05T09:01:00.000Z', measure_count: 1 },
    ]);
  });

  it('is an empty list before any run', async () => {
    const res = await emptyApi.get('/api/measures/runs');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ runs: [] });
  });
});

describe('GET /api/measures: network rates of the latest finished run', () => {
  it('names the run and lists every group of its measures in registry order, with the registry metadata', async () => {
    const { body } = await rates();
    expect(body.run).toEqual({
      run_id: 2,
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      as_of: '2026-12-31',
      finished_at: '2026-03-01T09:02:00.000Z',
      attribution_method: 'visits',
    });
    expect(body.practice_id).toBeNull();
    expect(body.measures.map((m) => `${m.measure_id}/${m.group_id}`)).toEqual([
      'cms122/Group_1',
      'cms165/Group_1',
      'cms138/Group_1',
      'cms138/Group_2',
      'cms138/Group_3',
      'cms2/Group_1',
    ]);
    expect(body.measures[0]).toMatchObject({
      cms_id: 'CMS122v14',
      mips_id: '001',
      title: 'Diabetes: Glycemic Status Assessment Greater Than 9%',
      inverse: true,
    });
    expect(body.measures[1]).toMatchObject({ cms_id: 'CMS165v14', mips_id: '236', title: 'Controlling High Blood Pressure', inverse: false });
  });

  it('takes exclusions out of the denominator once and leaves the numerator as stored', async () => {
    const { row } = await rates();
    // 30 patients: 3 excluded, 19 in the numerator, 8 eligible outside it.
    expect(row('cms165')).toMatchObject({
      initial_population: 30,
      denominator: 30,
      denominator_exclusion: 3,
      denominator_exception: 0,
      numerator: 19,
      performance_denominator: 27,
      open_gaps: 8,
      below_case_minimum: false,
    });
    expect(row('cms165').performance_rate).toBeCloseTo((100 * 19) / 27, 10);
  });

  it('takes exceptions out of the denominator too, and leaves initial-population-only patients out of it', async () => {
    const { row } = await rates();
    // NNEXGI: 6 in the initial population, 5 in the denominator, 1 excluded, 1 excepted, 2 of 3 eligible in the numerator.
    expect(row('cms2')).toMatchObject({
      initial_population: 6,
      denominator: 5,
      denominator_exclusion: 1,
      denominator_exception: 1,
      numerator: 2,
      performance_denominator: 3,
      open_gaps: 1,
      below_case_minimum: true,
    });
    expect(row('cms2').performance_rate).toBeCloseTo(200 / 3, 10);
  });

  it('counts the numerator as the open gaps of an inverse measure (CMS122: poor control is the gap)', async () => {
    const { row } = await rates();
    // P01 NNNNNGGGGGGGGGGGGGGGX + P02 NGG: 24 in the denominator, 1 excluded, 6 with HbA1c > 9% of 23.
    expect(row('cms122')).toMatchObject({ denominator: 24, denominator_exclusion: 1, numerator: 6, performance_denominator: 23, open_gaps: 6 });
    expect(row('cms122').performance_rate).toBeCloseTo(600 / 23, 10);
  });

  it('gives a group with no eligible patients a null rate, not zero', async () => {
    const { row } = await rates();
    expect(row('cms138', 'Group_2')).toMatchObject({ initial_population: 2, denominator: 0, performance_denominator: 0, performance_rate: null, open_gaps: 0 });
  });

  it("places each rate on the MIPS eCQM benchmark of the run's year", async () => {
    const { row } = await rates();
    // 236 eCQM PY2026: p50 68.98, p60 72.0; 70.37% is in decile 6, (70.37 - 68.98) / (72.0 - 68.98) of the way through.
    const bp = row('cms165').benchmark as Record<string, unknown>;
    expect(bp).toMatchObject({
      performance_year: 2026,
      collection_type: 'eCQM',
      benchmark_measure_id: '236',
      benchmark_type: 'historical',
      decile: 6,
      scoring_rule: 'Benchmarked',
      percentiles: [45.28, 55.56, 61.54, 65.61, 68.98, 72.0, 75.0, 78.7, 84.04],
    });
    expect(bp.achievement_points).toBeCloseTo(6 + ((1900 / 27 - 68.98) / (72.0 - 68.98)), 10);
    // 001 (inverse) PY2026: p40 24.85, p50 29.525; 26.09% is at or below p50, above p40: decile 6 (lower is better).
    expect(row('cms122').benchmark).toMatchObject({ decile: 6, scoring_rule: 'Benchmarked' });
    // 134 PY2026: 66.67% lies in decile 7 (p60 53.935, p70 67.48), but 3 cases are under the case minimum of 20.
    expect(row('cms2').benchmark).toMatchObject({ decile: 7, scoring_rule: 'BelowCaseMinimum', achievement_points: 0 });
    // 226 has no PY2026 eCQM benchmark.
    expect(row('cms138', 'Group_1').benchmark).toMatchObject({ decile: null, scoring_rule: 'NoBenchmark', percentiles: null });
  });
});

describe('GET /api/measures?practice=', () => {
  it('lists every practice, whether the run attributed patients to it, and the unattributed', async () => {
    const { body } = await rates();
    expect(body.practices).toEqual([
      { practice_id: 'P01', practice_name: 'Riverside Family Medicine', has_results: true },
      { practice_id: 'P02', practice_name: 'Lakeview Internal Medicine', has_results: true },
      { practice_id: 'P03', practice_name: 'Hillcrest Pediatrics', has_results: false },
      { practice_id: 'Unattributed', practice_name: 'Unattributed', has_results: true },
    ]);
  });

  it("counts only the practice's attributed patients", async () => {
    const p01 = await rates('?practice=P01');
    expect(p01.body.practice_id).toBe('P01');
    expect(p01.row('cms165')).toMatchObject({ denominator: 20, denominator_exclusion: 2, numerator: 15, performance_denominator: 18, open_gaps: 3 });
    // CMS122 at P01: 5 of 20 eligible, exactly the case minimum; inverse, so the 5 are the gaps.
    expect(p01.row('cms122')).toMatchObject({ performance_rate: 25, performance_denominator: 20, open_gaps: 5, below_case_minimum: false });
    expect(p01.row('cms122').benchmark).toMatchObject({ decile: 6, scoring_rule: 'Benchmarked' });

    const p02 = await rates('?practice=P02');
    expect(p02.row('cms165')).toMatchObject({ denominator: 6, denominator_exclusion: 1, numerator: 3, performance_denominator: 5, open_gaps: 2, below_case_minimum: true });
    expect(p02.row('cms165').benchmark).toMatchObject({ scoring_rule: 'BelowCaseMinimum', achievement_points: 0 });
    // A measure with no patients at the practice keeps its row.
    expect(p02.row('cms2')).toMatchObject({ initial_population: 0, denominator: 0, numerator: 0, performance_rate: null, open_gaps: 0 });
  });

  it('puts patients without a visits attribution for the period under Unattributed', async () => {
    const { row } = await rates('?practice=Unattributed');
    expect(row('cms165')).toMatchObject({ denominator: 4, numerator: 1, performance_denominator: 4, performance_rate: 25, open_gaps: 3 });
    expect(row('cms122')).toMatchObject({ denominator: 0 });
  });

  it('adds up to the network across practices', async () => {
    const network = await rates();
    const scopes = await Promise.all(['P01', 'P02', 'P03', 'Unattributed'].map((p) => rates(`?practice=${p}`)));
    const keys = ['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps'];
    for (const [i, m] of network.body.measures.entries()) {
      for (const key of keys) expect(scopes.reduce((n, s) => n + (s.body.measures[i]![key] as number), 0), `${m.measure_id}/${m.group_id} ${key}`).toBe(m[key]);
    }
  });
});

describe('GET /api/measures?run=', () => {
  it('reads the run asked for, on the benchmarks of its own year', async () => {
    const { body, row } = await rates('?run=1');
    expect(body.run).toMatchObject({ run_id: 1, period_start: '2025-01-01' });
    expect(body.measures.map((m) => m.measure_id)).toEqual(['cms165']);
    // No visits attribution for 2025: both patients are unattributed. 236 eCQM PY2025: p10 45.71, p20 55.17.
    expect(body.practices).toContainEqual({ practice_id: 'Unattributed', practice_name: 'Unattributed', has_results: true });
    expect(body.practices).toContainEqual({ practice_id: 'P01', practice_name: 'Riverside Family Medicine', has_results: false });
    expect(row('cms165')).toMatchObject({ numerator: 1, performance_denominator: 2, performance_rate: 50, below_case_minimum: true });
    expect(row('cms165').benchmark).toMatchObject({ performance_year: 2025, decile: 2, scoring_rule: 'BelowCaseMinimum' });
  });
});

describe('GET /api/measures: bad input and missing runs', () => {
  it.each([
    ['?run=abc', 'run'],
    ['?run=0', 'run'],
    ['?run=1.5', 'run'],
    ['?run=1&run=2', 'run'],
    ['?practice=P01%3B%20DROP', 'practice'],
    ['?practice=', 'practice'],
    ['?sort=rate', ''],
  ])('answers %s with 400 in the one error shape', async (query, field) => {
    const res = await api.get(`/api/measures${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: 'Invalid input' });
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([field]);
  });

  it('answers 404 when the run asked for is not a finished run', async () => {
    for (const run of [3, 99]) {
      const res = await api.get(`/api/measures?run=${run}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'NotFound', message: `Finished measure run ${run} not found` } });
    }
  });

  it('answers 404 for a practice that is not in the network', async () => {
    const res = await api.get('/api/measures?practice=P99');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'Practice P99 not found' } });
  });

  it('answers 404 before any run', async () => {
    const res = await emptyApi.get('/api/measures');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'No finished measure run yet' } });
  });
});
