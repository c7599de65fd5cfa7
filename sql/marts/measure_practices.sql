-- The practices a run's rates can be filtered by: every registered practice and every practice the run
-- attributed patients to (the practice rows of its rate cube, measure_rate, built from measure_result's
-- practice_id: patient_attribution for the run's period and attribution_method), plus 'Unattributed' when
-- some of the run's patients have no practice.
-- Grain: one row per practice (and at most one 'Unattributed' row).
-- Parameters: $run_id (INTEGER, a finished run whose marts are built).
WITH result_practice AS (
    SELECT DISTINCT
        entity_id AS practice_id
    FROM measure_rate
    WHERE run_id = $run_id::INTEGER
      AND entity_type = 'practice'
)
SELECT
    practice_id,
    coalesce(p.name, practice_id) AS practice_name,
    r.practice_id IS NOT NULL AS has_results
FROM practice AS p
FULL JOIN result_practice AS r USING (practice_id)
-- A CCLF feed is CMS's claims for the ACO, registered like a source but not a member practice.
WHERE p.source_format IS DISTINCT FROM 'cclf'
ORDER BY
    practice_id = 'Unattributed',
    practice_id;
