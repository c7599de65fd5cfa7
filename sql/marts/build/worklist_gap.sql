-- The care-gap worklist of one finished run: every open gap (measure_result.gap: an eligible patient outside
-- the numerator, or in it for inverse measures) with the patient's name, birth date and sex, the practices
-- holding a record of the patient (for viewer scoping) and the last visit.
-- Grain: one worklist_gap row per measure x group x patient with an open gap; one worklist_text row per
--        distinct text of those rows (coded in text order; worklist_gap carries the codes beside the text).
-- Parameters: $run_id (INTEGER).
-- Four statements: the rows as text (a temporary table), their text pool, the rows with their codes, and
-- the rows again per practice that may see them (worklist_gap_seen).
-- last_visit: the latest encounter that took place (not cancelled, entered in error or only planned) at any
-- member practice, up to the run's data cut-off (as_of).
CREATE OR REPLACE TEMP TABLE worklist_gap_build AS
WITH run AS (
    SELECT
        as_of
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
gap AS (
    SELECT
        patient_id,
        measure_id,
        group_id,
        practice_id,
        provider_id,
        coalesce(payer, 'Unknown') AS payer,
        gap_reason,
        gap_text,
        evidence_date,
        evidence_value,
        close_action,
        close_by
    FROM measure_result
    WHERE run_id = $run_id::INTEGER
      AND gap
),
gap_record AS (
    SELECT
        l.patient_id,
        l.patient_record_id,
        l.practice_id
    FROM patient_record_link AS l
    WHERE l.patient_id IN (SELECT patient_id FROM gap)
),
record_practices AS (
    SELECT
        patient_id,
        list_sort(list_distinct(list(practice_id))) AS record_practice_ids  -- no per-group sort (ordered aggregate)
    FROM gap_record
    GROUP BY patient_id
),
last_visit AS (
    SELECT
        r.patient_id,
        max(e.period_start)::DATE AS last_visit
    FROM encounter AS e
    JOIN gap_record AS r USING (patient_record_id)
    CROSS JOIN run
    WHERE e.period_start < run.as_of + INTERVAL 1 DAY
      AND coalesce(lower(e.status), '') NOT IN ('cancelled', 'entered-in-error', 'planned')
    GROUP BY r.patient_id
)
SELECT
    $run_id::INTEGER AS run_id,
    g.patient_id,
    concat_ws(', ', p.family_name, p.given_name) AS patient_name,
    p.birth_date,
    p.sex,
    g.measure_id,
    g.group_id,
    g.practice_id,
    g.provider_id,
    g.payer,
    g.gap_reason,
    g.gap_text,
    g.evidence_date,
    g.evidence_value,
    g.close_action,
    g.close_by,
    v.last_visit,
    coalesce(rp.record_practice_ids, []) AS record_practice_ids
FROM gap AS g
LEFT JOIN patient AS p USING (patient_id)
LEFT JOIN record_practices AS rp USING (patient_id)
LEFT JOIN last_visit AS v USING (patient_id);

-- Each column is deduplicated on its own first: most repeat a few values, so one hash table over every
-- value of every column (2.9M at 100k patients) is avoided.
INSERT INTO worklist_text BY NAME
WITH text AS (
    SELECT DISTINCT patient_id AS value FROM worklist_gap_build
    UNION SELECT DISTINCT patient_name FROM worklist_gap_build
    UNION SELECT DISTINCT sex FROM worklist_gap_build
    UNION SELECT DISTINCT measure_id FROM worklist_gap_build
    UNION SELECT DISTINCT group_id FROM worklist_gap_build
    UNION SELECT DISTINCT practice_id FROM worklist_gap_build
    UNION SELECT DISTINCT provider_id FROM worklist_gap_build
    UNION SELECT DISTINCT gap_reason FROM worklist_gap_build
    UNION SELECT DISTINCT gap_text FROM worklist_gap_build
    UNION SELECT DISTINCT evidence_value FROM worklist_gap_build
    UNION SELECT DISTINCT close_action FROM worklist_gap_build
)
SELECT
    $run_id::INTEGER AS run_id,
    (row_number() OVER (ORDER BY value) - 1)::INTEGER AS code,
    value
FROM text
WHERE value IS NOT NULL;

-- Each code is a plain hash join on the pool (correlated lookups planned as eleven delim joins took seconds);
-- rows are ordered only by what lookups filter on, practice then deadline: the worklist query orders its rows.
INSERT INTO worklist_gap BY NAME
WITH pool AS (
    SELECT
        value,
        code
    FROM worklist_text
    WHERE run_id = $run_id::INTEGER
)
SELECT
    g.*,
    patient_id.code AS patient_id_code,
    patient_name.code AS patient_name_code,
    sex.code AS sex_code,
    measure_id.code AS measure_id_code,
    group_id.code AS group_id_code,
    practice_id.code AS practice_id_code,
    provider_id.code AS provider_id_code,
    gap_reason.code AS gap_reason_code,
    gap_text.code AS gap_text_code,
    evidence_value.code AS evidence_value_code,
    close_action.code AS close_action_code
FROM worklist_gap_build AS g
LEFT JOIN pool AS patient_id ON patient_id.value = g.patient_id
LEFT JOIN pool AS patient_name ON patient_name.value = g.patient_name
LEFT JOIN pool AS sex ON sex.value = g.sex
LEFT JOIN pool AS measure_id ON measure_id.value = g.measure_id
LEFT JOIN pool AS group_id ON group_id.value = g.group_id
LEFT JOIN pool AS practice_id ON practice_id.value = g.practice_id
LEFT JOIN pool AS provider_id ON provider_id.value = g.provider_id
LEFT JOIN pool AS gap_reason ON gap_reason.value = g.gap_reason
LEFT JOIN pool AS gap_text ON gap_text.value = g.gap_text
LEFT JOIN pool AS evidence_value ON evidence_value.value = g.evidence_value
LEFT JOIN pool AS close_action ON close_action.value = g.close_action
ORDER BY
    g.practice_id NULLS LAST,
    g.close_by NULLS LAST;

-- A practice user sees the gaps attributed to, or of a patient with a record at, one of their practices:
-- each such (practice, gap) with the whole row, in practice then worklist order, so a practice user's
-- worklist reads only its practices' row groups and joins nothing.
INSERT INTO worklist_gap_seen BY NAME
WITH seen AS (
    SELECT
        unnest(list_distinct(list_append(record_practice_ids, practice_id))) AS seen_by,
        * EXCLUDE (record_practice_ids)
    FROM worklist_gap
    WHERE run_id = $run_id::INTEGER
)
SELECT *
FROM seen
WHERE seen_by IS NOT NULL
ORDER BY
    seen_by,
    close_by NULLS LAST,
    patient_name_code NULLS LAST,
    patient_id_code,
    measure_id_code,
    group_id_code;

DROP TABLE worklist_gap_build;
