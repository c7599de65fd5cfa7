-- The practices a run's rates can be filtered by: every registered practice and every practice the run
-- attributed patients to (measure_result.practice_id, stored from patient_attribution for the run's period
-- and attribution_method), plus 'Unattributed' when some of the run's patients have no practice.
-- Patient counts are left out on purpose: a distinct count over every result row of a large run costs
-- several times the rates themselves.
-- Grain: one row per practice (and at most one 'Unattributed' row).
-- Parameters: $run_id (INTEGER, a finished run).
WITH result_practice AS (
    SELECT DISTINCT
        coalesce(practice_id, 'Unattributed') AS practice_id
    FROM measure_result
    WHERE run_id = $run_id::INTEGER
)
SELECT
    practice_id,
    coalesce(p.name, practice_id) AS practice_name,
    r.practice_id IS NOT NULL AS has_results
FROM practice AS p
FULL JOIN result_practice AS r USING (practice_id)
ORDER BY
    practice_id = 'Unattributed',
    practice_id;
