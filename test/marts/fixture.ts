// A finished 2026 run over a small made-up network, written straight into the core and result tables, for the
// dashboard mart and API tests. 150 patients (pt-001..pt-150) of practices P1-P3; every tenth patient also has a
// record at P3 (linked across practices); every seventh is unattributed; payers '1' (Medicare), '2'
// (Medicaid), '5' (Private) and none in turn. Run 1 holds cms165 and cms122 (inverse) results with mixed
// flags, strata and evidence; cms138 is in the run with no result rows. Flags follow store_result.sql's
// conventions (an excluded patient is outside the numerator; gap from the improvement notation).
import path from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { loadMipsBenchmarks } from '../../server/measures/benchmarks.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const BENCHMARKS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'refdata', 'mips_benchmarks', 'mips_benchmarks_selected_py2025_py2026.csv');

export const RUN_ID = 1;

export async function dashboardDb(): Promise<Database> {
  const db = await memoryDb(4);
  await loadMipsBenchmarks(db, BENCHMARKS);
  await db.exec(`
    INSERT INTO practice (practice_id, name) VALUES ('P1', 'Practice One'), ('P2', 'Practice Two'), ('P3', 'Practice Three');
    INSERT INTO provider (provider_id, practice_id, source_file_id, source_id, family_name, given_name)
    SELECT p || '/d' || k, p, 1, 'd' || k, 'Doctor' || k, p FROM (VALUES ('P1'), ('P2'), ('P3')) t(p), range(1, 3) r(k);

    CREATE TEMP TABLE seed AS
    SELECT
        i,
        'pt-' || lpad(i::VARCHAR, 3, '0') AS patient_id,
        'P' || (i % 3 + 1) AS home_practice,
        i % 7 = 0 AS unattributed,
        ['1', '2', '5', NULL][i % 4 + 1] AS payer
    FROM range(1, 151) t(i);

    INSERT INTO patient (patient_id, family_name, given_name, birth_date, sex, race_codes, ethnicity_codes, zip)
    SELECT patient_id, 'Family' || i, 'Given' || i, DATE '1950-01-01' + INTERVAL (i * 97) DAY,
           CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, ['2106-3'], ['2186-5'], '43210'
    FROM seed;
    INSERT INTO patient_record (patient_record_id, practice_id, source_file_id, source_id, family_name, birth_date)
    SELECT home_practice || '/r' || i, home_practice, 1, 'r' || i, 'Family' || i, DATE '1950-01-01' FROM seed
    UNION ALL
    SELECT 'P3/x' || i, 'P3', 1, 'x' || i, 'Family' || i, DATE '1950-01-01' FROM seed WHERE i % 10 = 0;
    INSERT INTO patient_link (patient_record_id, patient_id, rule, score)
    SELECT home_practice || '/r' || i, patient_id, 'SINGLETON', 1.0 FROM seed
    UNION ALL
    SELECT 'P3/x' || i, patient_id, 'MBI', 1.0 FROM seed WHERE i % 10 = 0;
    -- one visit per record; the cross-practice record's visit is the later one
    INSERT INTO encounter (encounter_id, practice_id, source_file_id, source_id, patient_record_id, status, period_start)
    SELECT home_practice || '/e' || i, home_practice, 1, 'e' || i, home_practice || '/r' || i, 'finished',
           TIMESTAMP '2026-01-01' + INTERVAL (i) DAY FROM seed
    UNION ALL
    SELECT 'P3/ex' || i, 'P3', 1, 'ex' || i, 'P3/x' || i, 'finished', TIMESTAMP '2026-06-01' + INTERVAL (i) DAY
    FROM seed WHERE i % 10 = 0;
    INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id, codings, effective_start)
    SELECT home_practice || '/o' || i, home_practice, 1, 'o' || i, home_practice || '/r' || i,
           [{'system': 'LOINC', 'code': '85354-9', 'display': 'Blood pressure panel'}], TIMESTAMP '2026-02-01' + INTERVAL (i) DAY
    FROM seed;

    INSERT INTO measure_run (run_id, started_at, finished_at, status, period_start, period_end, as_of, measures, attribution_method)
    VALUES (1, TIMESTAMP '2026-11-01 09:00', TIMESTAMP '2026-11-01 09:05', 'finished', DATE '2026-01-01', DATE '2026-12-31',
            DATE '2026-10-31', ['cms165', 'cms122', 'cms138'], 'visits');
    INSERT INTO patient_attribution (period_start, period_end, method, patient_id, practice_id, provider_id, qualifying_visits, last_visit, rule)
    SELECT DATE '2026-01-01', DATE '2026-12-31', 'visits', patient_id, home_practice,
           CASE WHEN i % 5 <> 0 THEN home_practice || '/d' || (i % 2 + 1) END, 1, DATE '2026-02-01', 'visits:period'
    FROM seed WHERE NOT unattributed;

    CREATE TEMP TABLE flags AS
    SELECT
        s.*,
        m.measure_id,
        m.inverse,
        (i + m.shift) % 6 <> 0 AS denominator,
        (i + m.shift) % 6 <> 0 AND (i + m.shift) % 13 = 0 AS denominator_exclusion,
        (i + m.shift) % 6 <> 0 AND (i + m.shift) % 13 <> 0 AND (i + m.shift) % 4 = 0 AS numerator
    FROM seed s, (VALUES ('cms165', false, 0), ('cms122', true, 1)) m(measure_id, inverse, shift)
    WHERE (i + m.shift) % 9 <> 0;                   -- some patients are outside each initial population
    INSERT INTO measure_result BY NAME
    SELECT
        1 AS run_id, f.measure_id, 'Group_1' AS group_id, DATE '2026-01-01' AS period_start, DATE '2026-12-31' AS period_end,
        f.patient_id, true AS initial_population, f.denominator, f.denominator_exclusion, false AS denominator_exception,
        f.numerator,
        f.denominator AND NOT f.denominator_exclusion AND f.numerator = f.inverse AS gap,
        NULL AS stratum, 40 + i % 40 AS age, CASE WHEN i % 40 < 5 THEN '18-44' WHEN i % 40 < 25 THEN '45-64' ELSE '65-74' END AS age_band,
        CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END AS sex, CASE WHEN i % 5 = 0 THEN NULL ELSE '2106-3' END AS race,
        '2186-5' AS ethnicity, f.payer, a.practice_id, a.provider_id,
        CASE WHEN f.numerator OR f.denominator_exclusion THEN DATE '2026-02-01' + INTERVAL (i) DAY END AS evidence_date,
        CASE WHEN f.numerator THEN '120/80 mm[Hg]' END AS evidence_value,
        CASE WHEN f.numerator THEN 'observation' END AS evidence_table,
        CASE WHEN f.numerator THEN f.home_practice || '/o' || i END AS evidence_record_id,
        CASE WHEN f.numerator THEN 'o' || i END AS evidence_source_id,
        CASE WHEN f.denominator_exclusion THEN 'Hospice' END AS exclusion_reason,
        CASE WHEN f.denominator AND NOT f.denominator_exclusion AND f.numerator = f.inverse THEN 'NotFound' END AS gap_reason,
        CASE WHEN f.denominator AND NOT f.denominator_exclusion AND f.numerator = f.inverse THEN 'No reading' END AS gap_text,
        CASE WHEN f.denominator AND NOT f.denominator_exclusion AND f.numerator = f.inverse
             THEN DATE '2026-11-01' + INTERVAL (i % 60) DAY END AS close_by,
        CASE WHEN f.denominator AND NOT f.denominator_exclusion AND f.numerator = f.inverse THEN 'Take a reading' END AS close_action
    FROM flags f
    LEFT JOIN patient_attribution a USING (patient_id);
  `);
  await db.queryFile('measures/shared/monthly_results', { run_id: RUN_ID });
  return db;
}
