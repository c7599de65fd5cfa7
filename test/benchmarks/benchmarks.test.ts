// Benchmark placement, checked against hand-worked examples on the published PY2025/PY2026 benchmarks
// (refdata/mips_benchmarks). Percentile values quoted in the comments are the CSV's.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { loadMipsBenchmarks, placeOnBenchmark, type PlacementInput } from '../../server/measures/benchmarks.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const BENCHMARKS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'refdata', 'mips_benchmarks');
const CSV = path.join(BENCHMARKS, 'mips_benchmarks_selected_py2025_py2026.csv');

let db: Database;
beforeAll(async () => {
  db = await memoryDb(2);
  await loadMipsBenchmarks(db, CSV);
});
afterAll(() => db.close());

const place = (input: Partial<PlacementInput> & Pick<PlacementInput, 'rate'>) =>
  placeOnBenchmark(db, { measureId: '112', year: 2025, collectionType: 'eCQM', denominator: 50, ...input });

describe('loading', () => {
  it('loads every row once and reloads the same file in place', async () => {
    expect(await loadMipsBenchmarks(db, CSV)).toBe(33);
    const [row] = await db.query('SELECT count(*) AS n, count(DISTINCT source_sha256) AS versions FROM mips_benchmark');
    expect(row).toEqual({ n: 33, versions: 1 });
  });

  it('agrees with measures-data on which measures are inverse, and holds percentiles ascending for all', async () => {
    const mismatches = await db.query(
      `WITH measures AS (
         SELECT 2025 AS performance_year, measureId AS measure_id, isInverse AS is_inverse
         FROM read_json($py2025)
         UNION ALL
         SELECT 2026, measureId, isInverse FROM read_json($py2026)
       )
       SELECT b.performance_year, b.measure_id, b.collection_type
       FROM mips_benchmark b
       LEFT JOIN measures m USING (performance_year, measure_id)
       WHERE m.is_inverse IS DISTINCT FROM b.is_inverse
          OR NOT list_sort([p10, p20, p30, p40, p50, p60, p70, p80, p90]) = [p10, p20, p30, p40, p50, p60, p70, p80, p90]`,
      {
        py2025: path.join(BENCHMARKS, 'measures_selected_py2025.json'),
        py2026: path.join(BENCHMARKS, 'measures_selected_py2026.json'),
      },
    );
    expect(mismatches).toEqual([]);
    const [inverse] = await db.query(`SELECT list(DISTINCT measure_id) AS ids FROM mips_benchmark WHERE is_inverse`);
    expect(inverse?.ids).toEqual(['001']);
  });
});

describe('direct measure: 112 eCQM PY2025 (p40 55.16, p50 62.6, p60 68.22, p70 73.37, p90 85.59)', () => {
  it('puts a rate equal to a decile bound at the start of the higher decile', async () => {
    const p = await place({ rate: 62.6 });
    expect(p).toMatchObject({ decile: 6, decile_points: 6, decile_start: 62.6, next_decile_start: 68.22 });
    expect(p).toMatchObject({ scoring_rule: 'Benchmarked', achievement_points: 6, is_inverse: false });
  });

  it('interpolates linearly within a decile', async () => {
    expect((await place({ rate: 62.59 })).decile_points).toBeCloseTo(5 + 7.43 / 7.44, 9); // decile 5
    expect((await place({ rate: 70 })).decile_points).toBeCloseTo(7 + 1.78 / 5.15, 9); // decile 7
    expect((await place({ rate: 5 })).decile_points).toBeCloseTo(1 + 5 / 9.48, 9); // decile 1 starts at 0
    expect(await place({ rate: 0 })).toMatchObject({ decile: 1, decile_points: 1, decile_start: 0 });
  });

  it('gives decile 10 exactly 10 points, from its lower bound to 100', async () => {
    expect(await place({ rate: 85.59 })).toMatchObject({ decile: 10, achievement_points: 10, next_decile_start: null });
    expect(await place({ rate: 100 })).toMatchObject({ decile: 10, achievement_points: 10 });
  });
});

describe('inverse measure: 001 eCQM PY2025 (raw p10 13.46, p20 18.485, p30 23.02, p90 94.35)', () => {
  it('reads lower rates as better: p30..p20 is decile 8, inclusive at p30', async () => {
    const p = await place({ measureId: '001', rate: 20 });
    expect(p).toMatchObject({ is_inverse: true, decile: 8, decile_start: 23.02, next_decile_start: 18.485 });
    expect(p.decile_points).toBeCloseTo(8 + (23.02 - 20) / (23.02 - 18.485), 9);
    expect(await place({ measureId: '001', rate: 23.02 })).toMatchObject({ decile: 8, decile_points: 8 });
  });

  it('puts rates at or below p10 in decile 10 and above p90 in decile 1 (which starts at 100)', async () => {
    expect(await place({ measureId: '001', rate: 13.46 })).toMatchObject({ decile: 10, achievement_points: 10 });
    expect(await place({ measureId: '001', rate: 0 })).toMatchObject({ decile: 10, achievement_points: 10 });
    expect(await place({ measureId: '001', rate: 94.35 })).toMatchObject({ decile: 2, decile_points: 2 });
    const worst = await place({ measureId: '001', rate: 95 });
    expect(worst).toMatchObject({ decile: 1, decile_start: 100, next_decile_start: 94.35 });
    expect(worst.decile_points).toBeCloseTo(1 + 5 / 5.65, 9);
  });

  it('uses the CMS flat benchmark of 001 MIPS CQM (10% steps, inverse)', async () => {
    const flat = { measureId: '001', collectionType: 'MIPS CQM' } as const;
    expect(await place({ ...flat, rate: 10 })).toMatchObject({ benchmark_type: 'flat', decile: 10 });
    expect((await place({ ...flat, rate: 10.01 })).decile_points).toBeCloseTo(9.999, 9);
    expect(await place({ ...flat, rate: 75 })).toMatchObject({ decile: 3, decile_points: 3.5 });
  });
});

describe('scoring rules (42 CFR 414.1380(b)(1), CY2023 performance period onward)', () => {
  it('scores 0 below the case minimum of 20, 3 for a small practice, and keeps the placement for information', async () => {
    expect(await place({ rate: 70, denominator: 19 })).toMatchObject({
      meets_case_minimum: false,
      decile: 7,
      scoring_rule: 'BelowCaseMinimum',
      achievement_points: 0,
    });
    expect(await place({ rate: 70, denominator: 19, smallPractice: true })).toMatchObject({ achievement_points: 3 });
    expect(await place({ rate: 62.6, denominator: 20 })).toMatchObject({ meets_case_minimum: true, achievement_points: 6 });
  });

  it('requires 75% data completeness (reported / eligible) from PY2024', async () => {
    expect(await place({ rate: 62.6, reported: 74, eligible: 100 })).toMatchObject({
      data_completeness: 0.74,
      meets_data_completeness: false,
      scoring_rule: 'DataCompletenessNotMet',
      achievement_points: 0,
    });
    expect(await place({ rate: 62.6, reported: 74, eligible: 100, smallPractice: true })).toMatchObject({ achievement_points: 3 });
    expect(await place({ rate: 62.6, reported: 75, eligible: 100 })).toMatchObject({ meets_data_completeness: true, achievement_points: 6 });
    expect(await place({ rate: 62.6, denominator: 60, eligible: 100 })).toMatchObject({ data_completeness: 0.6, achievement_points: 0 });
    expect(await place({ rate: 62.6 })).toMatchObject({ data_completeness: null, meets_data_completeness: null, achievement_points: 6 });
  });

  it('flags a measure without a benchmark: null decile, 0 points (3 for a small practice)', async () => {
    // 112 eCQM has no PY2026 benchmark in the file; 001 Medicare CQM PY2025 is a placeholder without history.
    expect(await place({ year: 2026, rate: 70 })).toMatchObject({
      benchmark_measure_id: null,
      has_benchmark: false,
      decile: null,
      decile_points: null,
      scoring_rule: 'NoBenchmark',
      achievement_points: 0,
    });
    expect(await place({ year: 2026, rate: 70, smallPractice: true })).toMatchObject({ achievement_points: 3 });
    expect(await place({ measureId: '001', collectionType: 'Medicare CQM', rate: 20 })).toMatchObject({
      benchmark_measure_id: '001SSP',
      has_benchmark: false,
      decile: null,
      scoring_rule: 'NoBenchmark',
    });
  });

  it('caps a benchmark topped out two years running at 7 points', async () => {
    // 134 MIPS CQM PY2025: p30 97.71, p40..p90 100; topped out by program.
    const top = { measureId: '134', collectionType: 'MIPS CQM' } as const;
    expect(await place({ ...top, rate: 100 })).toMatchObject({
      is_topped_out_by_program: true,
      decile: 10,
      decile_points: 10,
      scoring_rule: 'BenchmarkedToppedOutCap',
      achievement_points: 7,
    });
    const below = await place({ ...top, rate: 99.5 });
    expect(below).toMatchObject({ decile: 4, next_decile_start: 99.78 });
    expect(below.achievement_points).toBeCloseTo(4 + 1.79 / 2.07, 9);
  });

  it('skips empty deciles: 113 claims PY2025 (all percentiles 100, topped out this year only)', async () => {
    const claims = { measureId: '113', collectionType: 'Medicare Part B Claims' } as const;
    expect(await place({ ...claims, rate: 100 })).toMatchObject({ is_topped_out: true, decile: 10, achievement_points: 10 });
    const p = await place({ ...claims, rate: 99 });
    expect(p).toMatchObject({ decile: 1, next_decile_start: 100 });
    expect(p.achievement_points).toBeCloseTo(1.99, 9);
  });

  it('rejects rates outside 0-100, unknown collection types and malformed measure ids', async () => {
    await expect(place({ rate: 101 })).rejects.toThrow();
    await expect(place({ rate: 50, collectionType: 'Registry' as 'eCQM' })).rejects.toThrow();
    await expect(place({ rate: 50, measureId: '1' })).rejects.toThrow();
  });
});

describe('bulk placement in SQL', () => {
  it('places a table of rates with the same answers as placeOnBenchmark, passing other columns through', async () => {
    await db.exec(
      `CREATE TABLE practice_rate AS
       SELECT * FROM (VALUES
         ('P1', '001', 2025, 'eCQM', 20.0, 50, NULL, NULL, NULL),
         ('P2', '112', 2025, 'eCQM', 62.59, 19, NULL, NULL, true),
         ('P3', '134', 2025, 'MIPS CQM', 100.0, 40, 40, 45, false),
         ('P4', '112', 2026, 'eCQM', 70.0, 50, NULL, NULL, NULL)
       ) t(practice_id, measure_id, performance_year, collection_type, rate, denominator, reported, eligible, small_practice)`,
    );
    const fields = ['decile', 'decile_points', 'achievement_points', 'scoring_rule'] as const;
    const bulk = await db.query(
      `SELECT practice_id, ${fields.join(', ')} FROM mips_benchmark_placement('practice_rate') ORDER BY practice_id`,
    );
    const single = await Promise.all([
      place({ measureId: '001', rate: 20 }),
      place({ rate: 62.59, denominator: 19, smallPractice: true }),
      place({ measureId: '134', collectionType: 'MIPS CQM', rate: 100, denominator: 40, reported: 40, eligible: 45, smallPractice: false }),
      place({ year: 2026, rate: 70 }),
    ]);
    expect(bulk).toEqual(
      single.map((one, i) => ({ practice_id: `P${i + 1}`, ...Object.fromEntries(fields.map((f) => [f, one[f]])) })),
    );
    expect(bulk.map((r) => r.scoring_rule)).toEqual(['Benchmarked', 'BelowCaseMinimum', 'BenchmarkedToppedOutCap', 'NoBenchmark']);
  });
});
