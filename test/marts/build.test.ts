// The dashboard's per-run marts (server/marts/build.ts) over the made-up network of fixture.ts: the cube
// partitions every scope exactly by each stratifier, keeps an empty group's network row, places network,
// practice and provider rows on the MIPS benchmark, and a rebuild replaces rather than adds; the worklist and timeline
// carry what the screens show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { buildRunMarts, ensureRunMarts } from '../../server/marts/build.ts';
import { RUN_ID, dashboardDb } from './fixture.ts';

let db: Database;
beforeAll(async () => {
  db = await dashboardDb();
  await buildRunMarts(db, RUN_ID);
});
afterAll(() => db?.close());

const cubeCounts = () =>
  db.query(`SELECT count(*)::INTEGER AS n, sum(numerator)::INTEGER AS num, sum(open_gaps)::INTEGER AS gaps FROM measure_rate WHERE run_id = 1`);

describe('measure_rate cube', () => {
  it('gives every stratifier of a scope strata that add up to the unstratified row', async () => {
    const mismatches = await db.query(`
      WITH total AS (
          SELECT measure_id, group_id, entity_type, entity_id, payer, denominator, numerator, open_gaps
          FROM measure_rate WHERE run_id = 1 AND stratifier = '*'
      ),
      strata AS (
          SELECT measure_id, group_id, entity_type, entity_id, payer, stratifier,
                 sum(denominator) AS denominator, sum(numerator) AS numerator, sum(open_gaps) AS open_gaps
          FROM measure_rate WHERE run_id = 1 AND stratifier <> '*'
          GROUP BY ALL
      )
      SELECT s.*
      FROM strata s JOIN total t USING (measure_id, group_id, entity_type, entity_id, payer)
      WHERE (s.denominator, s.numerator, s.open_gaps) IS DISTINCT FROM (t.denominator, t.numerator, t.open_gaps)`);
    expect(mismatches).toEqual([]);
    const [shape] = await db.query(`
      SELECT count(DISTINCT stratifier) FILTER (WHERE entity_type = 'network' AND payer = '*')::INTEGER AS network_stratifiers,
             count(DISTINCT stratifier) FILTER (WHERE entity_type = 'provider' AND payer = '*')::INTEGER AS provider_stratifiers,
             count(*) FILTER (WHERE entity_type = 'provider' AND payer <> '*' AND stratifier <> '*')::INTEGER AS provider_payer_strata,
             count(*) FILTER (WHERE payer <> '*' AND stratifier = 'payer')::INTEGER AS payer_within_payer
      FROM measure_rate WHERE run_id = 1`);
    // '*', age_band, sex, race, ethnicity, payer, stratum; providers are stratified for all payers only
    expect(shape).toEqual({ network_stratifiers: 7, provider_stratifiers: 7, provider_payer_strata: 0, payer_within_payer: 0 });
  });

  it('counts the network and each practice as measure_result does', async () => {
    const [diff] = await db.query(`
      WITH direct AS (
          SELECT measure_id, coalesce(practice_id, 'Unattributed') AS entity_id,
                 count(*) FILTER (WHERE denominator) AS denominator,
                 count(*) FILTER (WHERE denominator_exclusion) AS denominator_exclusion,
                 count(*) FILTER (WHERE numerator) AS numerator,
                 count(*) FILTER (WHERE gap) AS open_gaps
          FROM measure_result WHERE run_id = 1
          GROUP BY GROUPING SETS ((measure_id), (measure_id, coalesce(practice_id, 'Unattributed')))
      )
      SELECT count(*)::INTEGER AS rows,
             count(*) FILTER (WHERE (d.denominator, d.denominator_exclusion, d.numerator, d.open_gaps)
                 IS DISTINCT FROM (r.denominator, r.denominator_exclusion, r.numerator, r.open_gaps))::INTEGER AS different
      FROM direct d
      LEFT JOIN measure_rate r
          ON r.run_id = 1 AND r.measure_id = d.measure_id AND r.group_id = 'Group_1' AND r.payer = '*' AND r.stratifier = '*'
         AND r.entity_id = coalesce(d.entity_id, '*') AND r.entity_type = CASE WHEN d.entity_id IS NULL THEN 'network' ELSE 'practice' END`);
    expect(diff).toEqual({ rows: 2 * (1 + 4), different: 0 });
  });

  it('keeps the network row of a group without results, and places network, practice and provider rows on the benchmark', async () => {
    const rows = await db.query(`
      SELECT measure_id, group_id, entity_type, denominator::INTEGER AS denominator, performance_rate, benchmark IS NOT NULL AS placed
      FROM measure_rate WHERE run_id = 1 AND payer = '*' AND stratifier = '*' AND entity_id IN ('*', 'P1', 'P1/d1')
      ORDER BY ALL`);
    expect(rows.filter((r) => r.measure_id === 'cms138')).toEqual([
      { measure_id: 'cms138', group_id: 'Group_1', entity_type: 'network', denominator: 0, performance_rate: null, placed: true },
      { measure_id: 'cms138', group_id: 'Group_2', entity_type: 'network', denominator: 0, performance_rate: null, placed: true },
      { measure_id: 'cms138', group_id: 'Group_3', entity_type: 'network', denominator: 0, performance_rate: null, placed: true },
    ]);
    expect(rows.filter((r) => r.measure_id === 'cms165').map((r) => [r.entity_type, r.placed])).toEqual([
      ['network', true],
      ['practice', true],
      ['provider', true],
    ]);
    const [cms165] = await db.query(`
      SELECT benchmark.benchmark_measure_id AS id, benchmark.scoring_rule AS rule, len(benchmark.percentiles)::INTEGER AS percentiles
      FROM measure_rate WHERE run_id = 1 AND measure_id = 'cms165' AND entity_type = 'network' AND payer = '*' AND stratifier = '*'`);
    expect(cms165).toEqual({ id: '236', rule: 'Benchmarked', percentiles: 9 });
  });

  it('replaces a run’s rows when rebuilt, and ensureRunMarts builds only what is missing', async () => {
    const before = await cubeCounts();
    await buildRunMarts(db, RUN_ID);
    expect(await cubeCounts()).toEqual(before);
    await db.exec('DELETE FROM dashboard_mart_run');
    await Promise.all([ensureRunMarts(db, RUN_ID), ensureRunMarts(db, RUN_ID)]);
    expect(await cubeCounts()).toEqual(before);
    expect(await db.query('SELECT run_id FROM dashboard_mart_run')).toEqual([{ run_id: 1 }]);
  });
});

describe('measure_trend', () => {
  it('ends every scope at the period numerator and denominator, network and payer rows included', async () => {
    const rows = await db.query(`
      SELECT t.entity_type, t.entity_id, t.payer, count(*)::INTEGER AS months,
             max_by(t.numerator, t.month_end)::INTEGER AS last_numerator, max_by(t.performance_denominator, t.month_end)::INTEGER AS last_den,
             any_value(r.numerator)::INTEGER AS period_numerator, any_value(r.performance_denominator)::INTEGER AS period_den
      FROM measure_trend t
      JOIN measure_rate r
        ON r.run_id = t.run_id AND r.measure_id = t.measure_id AND r.group_id = t.group_id AND r.entity_type = t.entity_type
       AND r.entity_id = t.entity_id AND r.payer = t.payer AND r.stratifier = '*'
      WHERE t.run_id = 1 AND t.measure_id = 'cms165'
      GROUP BY ALL`);
    const [providers] = await db.query(`SELECT count(DISTINCT coalesce(provider_id, 'Unattributed'))::INTEGER AS n FROM measure_result WHERE run_id = 1 AND measure_id = 'cms165'`);
    // (network + 4 practices incl. Unattributed) x ('*' + 4 payers), and each provider for all payers
    expect(rows.length).toBe(1 + 4 + 4 * (1 + 4) + Number(providers!.n));
    expect(rows.filter((r) => r.entity_type === 'provider').every((r) => r.payer === '*')).toBe(true);
    for (const r of rows) {
      expect(r.months).toBe(12);
      expect([r.last_numerator, r.last_den]).toEqual([r.period_numerator, r.period_den]);
    }
  });

  it('adds the providers up to the network in every month (provider rows apply the monthly rule to measure_result)', async () => {
    const mismatches = await db.query(`
      WITH provider AS (
          SELECT measure_id, group_id, month_end, sum(numerator) AS numerator, sum(performance_denominator) AS performance_denominator
          FROM measure_trend WHERE run_id = 1 AND entity_type = 'provider'
          GROUP BY ALL
      )
      SELECT n.measure_id, n.month_end, n.numerator, p.numerator AS provider_numerator
      FROM measure_trend n
      LEFT JOIN provider p USING (measure_id, group_id, month_end)
      WHERE n.run_id = 1 AND n.entity_type = 'network' AND n.payer = '*'
        AND (n.numerator, n.performance_denominator) IS DISTINCT FROM (p.numerator, p.performance_denominator)`);
    expect(mismatches).toEqual([]);
    const [growing] = await db.query(`
      SELECT count(DISTINCT numerator)::INTEGER AS values FROM measure_trend
      WHERE run_id = 1 AND entity_type = 'network' AND payer = '*' AND measure_id = 'cms165'`);
    expect(growing!.values).toBeGreaterThan(1); // the numerator grows over the months, so the check above has teeth
  });
});

describe('worklist_gap and patient_timeline', () => {
  it('lists each open gap once with the patient, the practices holding a record and the last visit by as_of', async () => {
    const [counts] = await db.query(`
      SELECT (SELECT count(*) FROM worklist_gap WHERE run_id = 1)::INTEGER AS worklist,
             (SELECT count(*) FROM measure_result WHERE run_id = 1 AND gap)::INTEGER AS gaps`);
    expect(counts?.worklist).toBe(counts?.gaps);
    // pt-010 (home P2, also a record at P3 with a later visit on 2026-06-11); pt-011 (home P3, visit 2026-01-12)
    const rows = await db.query(`
      SELECT DISTINCT patient_id, patient_name, record_practice_ids, strftime(last_visit, '%Y-%m-%d') AS last_visit
      FROM worklist_gap WHERE patient_id IN ('pt-010', 'pt-011', 'pt-020') ORDER BY patient_id`);
    expect(rows).toContainEqual({ patient_id: 'pt-011', patient_name: 'Family11, Given11', record_practice_ids: ['P3'], last_visit: '2026-01-12' });
    const cross = rows.find((r) => r.patient_id === 'pt-010' || r.patient_id === 'pt-020');
    expect(cross?.record_practice_ids).toHaveLength(2);
  });

  it('keeps the records that decided outcomes with their measures, and the period’s visits', async () => {
    const rows = await db.query(`
      SELECT record_table, record_id, description, value, measure_ids
      FROM patient_timeline WHERE run_id = 1 AND patient_id = 'pt-004' ORDER BY record_date`);
    // pt-004 (home P2): cms165 numerator (i % 4 = 0) with its reading; cms122 shifts by one, so (4 + 1) % 4 <> 0: no evidence
    expect(rows).toEqual([
      { record_table: 'encounter', record_id: 'P2/e4', description: null, value: null, measure_ids: [] },
      { record_table: 'observation', record_id: 'P2/o4', description: 'Blood pressure panel', value: '120/80 mm[Hg]', measure_ids: ['cms165'] },
    ]);
  });

  it('gives a record that decided several outcomes each distinct value and measure once, in order', async () => {
    // Run 2 = run 1, except P2/o4 also decides pt-004's cms122 (another reading) and a second cms165 group
    // (same reading), and pt-008's reading P3/o8 carries no value.
    await db.exec(`
      INSERT INTO measure_run (run_id, started_at, finished_at, status, period_start, period_end, as_of, measures, attribution_method)
      SELECT 2, started_at, finished_at, status, period_start, period_end, as_of, measures, attribution_method FROM measure_run WHERE run_id = 1;
      INSERT INTO measure_result BY NAME
      SELECT * REPLACE (2 AS run_id) FROM measure_result WHERE run_id = 1;
      INSERT INTO measure_result BY NAME
      SELECT * REPLACE (2 AS run_id, 'Group_2' AS group_id) FROM measure_result WHERE run_id = 1 AND patient_id = 'pt-004' AND measure_id = 'cms165';
      UPDATE measure_result SET evidence_table = 'observation', evidence_record_id = 'P2/o4', evidence_value = '118/76 mm[Hg]'
      WHERE run_id = 2 AND patient_id = 'pt-004' AND measure_id = 'cms122';
      UPDATE measure_result SET evidence_value = NULL WHERE run_id = 2 AND patient_id = 'pt-008';`);
    await buildRunMarts(db, 2);
    const rows = await db.query(`
      SELECT patient_id, value, measure_ids FROM patient_timeline
      WHERE run_id = 2 AND record_id IN ('P2/o4', 'P3/o8') ORDER BY patient_id`);
    expect(rows).toEqual([
      { patient_id: 'pt-004', value: '118/76 mm[Hg]; 120/80 mm[Hg]', measure_ids: ['cms122', 'cms165'] },
      { patient_id: 'pt-008', value: null, measure_ids: ['cms165'] },
    ]);
  });
});
