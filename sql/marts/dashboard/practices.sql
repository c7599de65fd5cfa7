-- The practices a run's rates can be filtered by: every registered practice and every practice the run
-- attributed patients to (the practice rows of its rate cube, measure_rate_scope, built from measure_result's
-- practice_id: patient_attribution for the run's period and attribution_method), 'Unattributed' last when
-- some of the run's patients have no practice.
-- Grain: one row per practice. Parameters: $run_id (INTEGER, a finished run whose marts are built).
WITH run_practice AS (
    SELECT DISTINCT
        entity_id AS practice_id
    FROM measure_rate_scope                         -- the cube's unstratified rows, in practice order
    WHERE run_id = $run_id::INTEGER
      AND entity_type = 'practice'
      AND payer = '*'
)
SELECT
    practice_id,
    coalesce(p.name, practice_id) AS name,
    r.practice_id IS NOT NULL AS has_results
FROM practice AS p
FULL JOIN run_practice AS r USING (practice_id)
-- A CCLF feed is CMS's claims for the ACO, registered like a source but not a member practice.
WHERE p.source_format IS DISTINCT FROM 'cclf'
ORDER BY
    practice_id = 'Unattributed',
    practice_id;
