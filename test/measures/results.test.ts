// What a measure run records besides the per-patient flags: the practice and provider each result row is
// attributed to, the value set expansions the run used, and the month-end (year-to-date) trend.
// A CMS165 run on hand-made patients (period 2026, visits attribution), plus the monthly step on hand-made results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { loadAttributionReference } from '../../server/measures/attribution.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { Network, REFDATA } from '../attribution/fixture.ts';
import { condition, encounter, measureDb, observation, patient, resultsByPatient } from './core-rows.ts';

const HYPERTENSION = 'SNOMEDCT|59621000';
const PERIOD = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };

let db: Database;
let runId: number;
let results: Map<string, Record<string, unknown>>;
let truncatedOid: string;

/**
 * A CMS165 patient (practice 't', qualifying by a telephone visit, which is no primary-care service for
 * attribution) with one BP reading; `practice` adds a linked record there with a PCP office visit.
 */
async function hypertensive(net: Network, id: string, bp: { at: string; systolic: number } | null, practice?: string) {
  await patient(db, id, '1960-06-15');
  await encounter(db, id, { code: 'CPT|98966', start: '2026-03-10T09:00:00' });
  await condition(db, id, { code: HYPERTENSION, onset: '2019-01-01' });
  if (bp) await observation(db, id, { code: 'LOINC|85354-9', at: bp.at, systolic: bp.systolic, diastolic: 80 });
  if (practice) {
    await net.record(`${practice}/${id}`, practice, `t/${id}`);
    // Demographics come from the first record by id, this one: same person, same birth date.
    await db.query(`UPDATE patient_record SET birth_date = DATE '1960-06-15' WHERE patient_record_id = $id`, { id: `${practice}/${id}` });
    await net.visit(`${practice}/${id}`, practice, '2026-02-01', { providerId: `${practice}/pcp` });
  }
}

beforeAll(async () => {
  db = await measureDb('CMS165');
  await loadAttributionReference(db, REFDATA);
  const net = new Network(db);
  for (const p of ['P1', 'P2']) {
    await net.practice(p);
    await net.provider(`${p}/pcp`, p, { npi: p === 'P1' ? '1000000001' : '1000000002', specialty: '08' });
  }
  await hypertensive(net, 'controlled-jan', { at: '2026-01-15T10:00:00', systolic: 120 }, 'P2');
  await hypertensive(net, 'controlled-may', { at: '2026-05-20T10:00:00', systolic: 125 }, 'P2');
  await hypertensive(net, 'controlled-nov', { at: '2026-11-02T10:00:00', systolic: 130 }, 'P1');
  await hypertensive(net, 'uncontrolled', { at: '2026-04-01T10:00:00', systolic: 160 }, 'P1');
  await hypertensive(net, 'unattributed', { at: '2026-08-01T10:00:00', systolic: 118 });
  await hypertensive(net, 'no-reading', null);

  // A truncated expansion of the run's hypertension value set: the run must flag it.
  const [vs] = await db.query(
    `SELECT value_set_id FROM value_set_effective WHERE name ILIKE 'Essential Hypertension%' ORDER BY value_set_id LIMIT 1`,
  );
  truncatedOid = String(vs?.value_set_id);
  await db.query(`UPDATE value_set SET complete = false, expansion_total = code_count + 10 WHERE value_set_id = $oid`, {
    oid: truncatedOid,
  });

  runId = await runMeasures(db, { ...PERIOD, measures: ['cms165'], asOf: '2026-06-30' });
  results = await resultsByPatient(db, runId, 'cms165');
});
afterAll(() => db?.close());

describe('attribution in every result row', () => {
  it('names the practice and provider of the patient attributed for the period, NULL when unattributed', () => {
    const at = (id: string) => [results.get(id)?.practice_id, results.get(id)?.provider_id];
    expect(at('controlled-jan')).toEqual(['P2', 'P2/pcp']);
    expect(at('controlled-may')).toEqual(['P2', 'P2/pcp']);
    expect(at('controlled-nov')).toEqual(['P1', 'P1/pcp']);
    expect(at('uncontrolled')).toEqual(['P1', 'P1/pcp']);
    expect(at('unattributed')).toEqual([null, null]);
  });

  it('records the attribution method on the run', async () => {
    const [run] = await db.query('SELECT attribution_method, status FROM measure_run WHERE run_id = $run', { run: runId });
    expect(run).toEqual({ attribution_method: 'visits', status: 'finished' });
  });
});

describe('value set versions of the run', () => {
  it('records each value set the measure names, as value_set_effective resolved it, flagging the truncated one', async () => {
    const rows = await db.query(
      `SELECT r.value_set_id, r.version, r.code_count, r.complete, e.version AS effective_version, e.code_count AS effective_codes
       FROM measure_run_value_set r
       LEFT JOIN value_set_effective e USING (value_set_id)
       WHERE r.run_id = $run`,
      { run: runId },
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r.version).toBe(r.effective_version);
      expect(r.code_count).toBe(r.effective_codes);
    }
    expect(rows.filter((r) => !r.complete).map((r) => r.value_set_id)).toContain(truncatedOid);
  });
});

describe('monthly results of a run', () => {
  const monthly = () =>
    db.query(
      `SELECT strftime(month_end, '%m') AS month, sum(denominator)::INTEGER AS denominator, sum(numerator)::INTEGER AS numerator
       FROM measure_result_monthly WHERE run_id = $run AND measure_id = 'cms165'
       GROUP BY month_end ORDER BY month_end`,
      { run: runId },
    );

  it('counts each numerator patient from the month of the deciding reading, ending at the period numerator', async () => {
    const rows = await monthly();
    const byMonth = Object.fromEntries(rows.map((r) => [r.month, r.numerator]));
    expect(rows).toHaveLength(12);
    expect(byMonth).toMatchObject({ '01': 1, '04': 1, '05': 2, '07': 2, '08': 3, '10': 3, '11': 4, '12': 4 });
    const [period] = await db.query(
      `SELECT count(*) FILTER (WHERE numerator)::INTEGER AS numerator, count(*) FILTER (WHERE denominator)::INTEGER AS denominator
       FROM measure_result WHERE run_id = $run AND measure_id = 'cms165'`,
      { run: runId },
    );
    expect(rows.at(-1)).toEqual({ month: '12', ...period });
    expect(new Set(rows.map((r) => r.denominator))).toEqual(new Set([period?.denominator]));
  });

  it('keeps one row per practice, unattributed patients under NULL', async () => {
    const rows = await db.query(
      `SELECT practice_id, denominator::INTEGER AS denominator, numerator::INTEGER AS numerator
       FROM measure_result_monthly WHERE run_id = $run AND month_end = DATE '2026-12-31' ORDER BY practice_id NULLS LAST`,
      { run: runId },
    );
    expect(rows).toEqual([
      { practice_id: 'P1', denominator: 2, numerator: 1 },
      { practice_id: 'P2', denominator: 2, numerator: 2 },
      { practice_id: null, denominator: 2, numerator: 1 },
    ]);
  });
});

describe('monthly results on hand-made results', () => {
  let mdb: Database;
  beforeAll(async () => {
    mdb = await measureDb();
    const [run] = await mdb.query(
      `INSERT INTO measure_run (status, period_start, period_end, as_of, measures, attribution_method)
       VALUES ('running', DATE '2026-01-01', DATE '2026-06-15', DATE '2026-06-15', ['m'], 'visits') RETURNING run_id`,
    );
    // Period Jan 1 - Jun 15: six months, the last one ending on the period end.
    // Columns: patient, practice, denominator, exclusion, exception, numerator, evidence date, and the days the
    // numerator began or stopped holding (numerator_changes; null: the measure does not state them).
    const rows: [string, string | null, boolean, boolean, boolean, boolean, string | null, string[] | null][] = [
      ['old-evidence', 'A', true, false, false, true, '2022-05-01', null], // before the period: from January
      ['undated', 'A', true, false, false, true, null, null], // no evidence date: from January
      ['march', 'A', true, false, false, true, '2026-03-31', null],
      ['after-end', 'A', true, false, false, true, '2026-07-02', null], // after the period end: the last month
      // met since February (a first qualifying record), whatever the later deciding record
      ['met-since-february', 'A', true, false, false, true, '2026-05-20', ['2026-02-10']],
      ['met-since-last-year', 'A', true, false, false, true, '2026-04-01', ['2025-11-20']], // from January
      // met from the start, not from March to May (back in June); the period's numerator
      ['met-lost-regained', 'A', true, false, false, true, '2026-06-02', ['2026-01-01', '2026-03-05', '2026-06-02']],
      // met in January, lost in April: not in the period's numerator
      ['met-then-lost', 'A', true, false, false, false, '2026-04-20', ['2026-01-15', '2026-04-20']],
      // met and lost within February: never at a month end
      ['met-and-lost-in-february', 'A', true, false, false, false, '2026-02-20', ['2026-02-03', '2026-02-20']],
      ['gap', 'A', true, false, false, false, '2026-02-01', null],
      ['excluded', 'A', true, true, false, false, '2026-04-01', null],
      ['excepted', null, true, false, true, false, '2026-02-01', null],
      ['ip-only', null, false, false, false, false, null, null],
      ['unattributed-june', null, true, false, false, true, '2026-06-01', null],
    ];
    for (const [patientId, practice, den, exc, exn, num, evidence, changes] of rows)
      await mdb.query(
        `INSERT INTO measure_result (run_id, measure_id, group_id, period_start, period_end, patient_id, initial_population,
                                     denominator, denominator_exclusion, denominator_exception, numerator, gap, practice_id,
                                     evidence_date, numerator_changes)
         VALUES ($run, 'm', 'Group_1', DATE '2026-01-01', DATE '2026-06-15', $patient, true, $den, $exc, $exn, $num, false,
                 $practice, $evidence::DATE, from_json($changes, '["DATE"]'))`,
        { run: Number(run?.run_id), patient: patientId, practice, den, exc, exn, num, evidence, changes: changes && JSON.stringify(changes) },
      );
    await mdb.queryFile('measures/shared/monthly_results', { run_id: Number(run?.run_id) });
  });
  afterAll(() => mdb?.close());

  it('fixes the populations at the period level and counts the numerator in the months it held', async () => {
    const rows = await mdb.query(
      `SELECT strftime(month_end, '%Y-%m-%d') AS month_end, practice_id, denominator::INTEGER AS den,
              denominator_exclusion::INTEGER AS exc, denominator_exception::INTEGER AS exn, numerator::INTEGER AS num
       FROM measure_result_monthly ORDER BY practice_id NULLS LAST, month_end`,
    );
    const series = (practice: string | null) => rows.filter((r) => r.practice_id === practice).map((r) => r.num);
    expect(rows.filter((r) => r.practice_id === 'A').map((r) => r.month_end)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-15',
    ]);
    // Jan: old-evidence, undated, met-since-last-year, met-lost-regained, met-then-lost; Feb: + met-since-february;
    // Mar: + march - met-lost-regained; Apr: - met-then-lost; Jun: + after-end + met-lost-regained.
    expect(series('A')).toEqual([5, 6, 6, 5, 5, 7]);
    expect(series(null)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(new Set(rows.map((r) => JSON.stringify([r.practice_id, r.den, r.exc, r.exn])))).toEqual(
      new Set([JSON.stringify(['A', 11, 1, 0]), JSON.stringify([null, 2, 0, 1])]),
    );
  });
});
