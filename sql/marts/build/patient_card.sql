-- The patient page's header of one finished run for every enterprise patient: demographics, the practice and
-- provider the run attributed them to (patient_attribution for the run's period and method, as measure_result
-- stores it) and the practice records linked into them (patient_record_link's rule: an unlinked record
-- stands for itself). Built once per run so the page reads one row instead of joining the core tables.
-- Grain: one patient_card row per patient. Parameters: $run_id (INTEGER).
-- Rows are stored in patient order so one patient's row sits in one row group (zonemaps skip the rest).
-- The lists are sorted after aggregating (list_sort) rather than by ordered aggregates, which sort every
-- patient's group on its own and took seconds at 100k patients.
INSERT INTO patient_card BY NAME
WITH run AS (
    SELECT
        period_start,
        period_end,
        attribution_method
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
attribution AS (
    SELECT
        a.patient_id,
        a.practice_id,
        a.provider_id
    FROM patient_attribution AS a
    JOIN run
        ON  a.period_start = run.period_start
        AND a.period_end = run.period_end
        AND a.method = run.attribution_method
),
provider_name AS (                                  -- a provider file loaded twice has two rows per provider
    SELECT
        provider_id,
        min(concat_ws(', ', family_name, given_name)) AS name
    FROM provider
    GROUP BY provider_id
),
record AS (
    SELECT
        coalesce(k.patient_id, r.patient_record_id) AS patient_id,
        r.practice_id,
        coalesce(p.name, r.practice_id) AS practice_name,
        r.source_id AS source_patient_id,
        coalesce(k.rule, 'UNLINKED') AS link_rule,
        k.score AS link_score
    FROM patient_record AS r
    LEFT JOIN patient_link AS k USING (patient_record_id)
    LEFT JOIN practice AS p ON p.practice_id = r.practice_id
),
records AS (
    SELECT
        patient_id,
        -- structs sort field by field: practice (its name follows from it), then source patient id
        list_sort(list({
            'practice_id': practice_id,
            'practice_name': practice_name,
            'source_patient_id': source_patient_id,
            'link_rule': link_rule,
            'link_score': link_score
        })) AS records,
        list_sort(list_distinct(list(practice_id))) AS record_practice_ids
    FROM record
    GROUP BY patient_id
)
SELECT
    $run_id::INTEGER AS run_id,
    p.patient_id,
    concat_ws(', ', p.family_name, p.given_name) AS name,
    p.birth_date,
    p.sex,
    CASE WHEN len(p.race_codes) > 1 THEN 'multiple' ELSE p.race_codes[1] END AS race,  -- as measure_result.race
    p.ethnicity_codes[1] AS ethnicity,
    p.zip AS postal_code,
    a.practice_id AS attributed_practice_id,
    pr.name AS attributed_practice_name,
    a.provider_id AS attributed_provider_id,
    v.name AS attributed_provider_name,
    coalesce(r.records, []) AS records,
    coalesce(r.record_practice_ids, []) AS record_practice_ids
FROM patient AS p
LEFT JOIN attribution AS a USING (patient_id)
LEFT JOIN practice AS pr ON pr.practice_id = a.practice_id
LEFT JOIN provider_name AS v ON v.provider_id = a.provider_id
LEFT JOIN records AS r USING (patient_id)
ORDER BY p.patient_id;
