-- Data completeness per practice, as sent: the share of its patients with a recorded blood pressure, the share
-- of its laboratory results coded in LOINC, and the local codes left without a standard coding (a code map
-- entry would fix them: docs/csv-extract.md "Code map").
-- Grain: one source_completeness row per practice. No parameters. Rebuilt after each load (server/marts/source-quality.ts),
-- so GET /api/sources reads rows instead of scanning the core tables per request.
-- A blood pressure = an observation with a systolic or diastolic component (03_core.sql); a laboratory result =
-- an observation in the 'laboratory' category; a local code = a coding of an observation none of whose codings
-- is LOINC or SNOMED CT.
DELETE FROM source_completeness;

INSERT INTO source_completeness BY NAME
WITH patients AS (
    SELECT
        practice_id,
        count(*) AS patients
    FROM patient_record
    GROUP BY practice_id
),
observation_kind AS (
    SELECT
        practice_id,
        patient_record_id,
        systolic IS NOT NULL OR diastolic IS NOT NULL AS is_bp,
        list_contains(category_codes, 'laboratory') AS is_lab,
        list_bool_or([c.system IN ('LOINC', 'SNOMEDCT') FOR c IN codings]) AS is_standard,
        list_bool_or([c.system = 'LOINC' FOR c IN codings]) AS has_loinc,
        codings
    FROM observation
),
counts AS (
    SELECT
        practice_id,
        count(DISTINCT patient_record_id) FILTER (WHERE is_bp) AS patients_with_bp,
        count(*) FILTER (WHERE is_lab) AS lab_results,
        count(*) FILTER (WHERE is_lab AND has_loinc) AS lab_results_loinc,
        count(*) FILTER (WHERE NOT coalesce(is_standard, false)) AS unmapped_observations
    FROM observation_kind
    GROUP BY practice_id
),
unmapped AS (
    SELECT
        practice_id,
        count(DISTINCT c.system || '|' || c.code) AS unmapped_local_codes
    FROM (
        SELECT practice_id, unnest(codings) AS c
        FROM observation_kind
        WHERE NOT coalesce(is_standard, false)
    )
    GROUP BY practice_id
)
SELECT
    p.practice_id,
    coalesce(n.patients, 0) AS patients,
    coalesce(c.patients_with_bp, 0) AS patients_with_bp,
    c.patients_with_bp / nullif(n.patients, 0) AS bp_share,
    coalesce(c.lab_results, 0) AS lab_results,
    coalesce(c.lab_results_loinc, 0) AS lab_results_loinc,
    c.lab_results_loinc / nullif(c.lab_results, 0) AS lab_loinc_share,
    coalesce(u.unmapped_local_codes, 0) AS unmapped_local_codes,
    coalesce(c.unmapped_observations, 0) AS unmapped_observations
FROM practice AS p
LEFT JOIN patients AS n USING (practice_id)
LEFT JOIN counts AS c USING (practice_id)
LEFT JOIN unmapped AS u USING (practice_id)
ORDER BY p.practice_id;
