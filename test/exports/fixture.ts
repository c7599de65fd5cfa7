// A small finished run for export tests, seeded with SQL: two practices (P01 with 40 patients, P02 with
// 8, so P02's counts are small cells), a provider each and varied strata; the run's marts (the measure_rate
// cube every export reads) are built by the dashboard's builder, as at the end of a real run.
import type { Database } from '../../server/db/database.ts';
import { sqlFile } from '../../server/db/sql-registry.ts';
import { buildRunMarts } from '../../server/marts/build.ts';

export const FIXTURE_RUN = 7;
export const FIXTURE_MEASURES = ['cms122', 'cms125', 'cms165', 'cms2', 'cms130'];

const SEED = `
INSERT INTO practice (practice_id, name, tin) VALUES ('P01', 'Maple Street Family Medicine', '123456789'), ('P02', 'Harbor Internal Medicine', '987654321');
INSERT INTO provider (provider_id, practice_id, source_file_id, source_id, npi, family_name, given_name, is_pcp) VALUES
  ('P01/dr1', 'P01', 1, 'dr1', '1234567893', 'Philips', 'Trevor', true),
  ('P02/dr2', 'P02', 1, 'dr2', '1982671962', 'Seven', 'Henry', true);
INSERT INTO patient (patient_id, family_name, given_name, birth_date, sex, race_codes, ethnicity_codes)
SELECT 'pt' || lpad(i::VARCHAR, 3, '0'), 'Family' || i, 'Given' || i, DATE '1950-01-01' + INTERVAL (i * 97) DAY,
       CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
       [CASE i % 3 WHEN 0 THEN '2106-3' WHEN 1 THEN '2054-5' ELSE '2028-9' END],
       [CASE WHEN i % 4 = 0 THEN '2135-2' ELSE '2186-5' END]
FROM range(1, 49) AS t(i);
INSERT INTO measure_run (run_id, status, finished_at, period_start, period_end, as_of, measures, attribution_method, patient_count)
VALUES (${FIXTURE_RUN}, 'finished', TIMESTAMP '2027-01-15 10:00:00', DATE '2026-01-01', DATE '2026-12-31', DATE '2027-01-10', ${sqlList(FIXTURE_MEASURES)}, 'visits', 48);
INSERT INTO measure_result (run_id, measure_id, group_id, period_start, period_end, patient_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, gap, stratum, age_band, sex, race, ethnicity, payer, practice_id, provider_id,
    evidence_date, evidence_value, gap_reason, gap_text, close_by, close_action)
SELECT ${FIXTURE_RUN}, m.measure_id, 'Group_1', DATE '2026-01-01', DATE '2026-12-31', p.patient_id, true, true,
       excluded, excepted, numerator,
       CASE WHEN m.measure_id = 'cms122' THEN numerator ELSE NOT (numerator OR excluded OR excepted) END,
       CASE WHEN m.measure_id IN ('cms125', 'cms130') THEN CASE WHEN i % 2 = 0 THEN 'Stratification_1_1' ELSE 'Stratification_1_2' END END,
       '45-64', p.sex, p.race_codes[1], p.ethnicity_codes[1],
       CASE i % 3 WHEN 0 THEN '1' WHEN 1 THEN '511' ELSE '21' END,
       CASE WHEN i <= 40 THEN 'P01' ELSE 'P02' END,
       CASE WHEN i <= 40 THEN 'P01/dr1' ELSE 'P02/dr2' END,
       CASE WHEN numerator THEN DATE '2026-01-01' + INTERVAL (i * 7) DAY END,
       CASE WHEN numerator THEN 'done' END,
       CASE WHEN numerator THEN 'Present' ELSE 'NotFound' END,
       CASE WHEN numerator THEN 'Done in the period' ELSE 'Nothing recorded in the period' END,
       DATE '2026-12-31', 'Schedule the test'
FROM (SELECT unnest(${sqlList(FIXTURE_MEASURES)}) AS measure_id) AS m
CROSS JOIN (SELECT patient_id, sex, race_codes, ethnicity_codes, CAST(substr(patient_id, 3) AS INTEGER) AS i FROM patient) AS p
CROSS JOIN LATERAL (SELECT
    (i % 9 = 0) AS excluded,
    (m.measure_id = 'cms2' AND i % 11 = 0 AND i % 9 <> 0) AS excepted,
    (i % 9 <> 0 AND NOT (m.measure_id = 'cms2' AND i % 11 = 0) AND (i * length(m.measure_id)) % 5 < 3) AS numerator
) AS f;
`;

function sqlList(values: string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

export async function seedExportFixture(db: Database): Promise<void> {
  await db.exec(SEED);
  await db.exec(sqlFile('measures/shared/monthly_results'), { run_id: FIXTURE_RUN });
  await buildRunMarts(db, FIXTURE_RUN);
}
