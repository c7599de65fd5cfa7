-- The practices a run's rates can be filtered by: every registered practice and every practice the run
-- attributed patients to (the cube's practice rows), 'Unattributed' last when some patients have none.
-- Grain: one row per practice. Parameters: $run_id (INTEGER).
WITH run_practice AS (
    SELECT DISTINCT
        entity_id AS practice_id
    FROM measure_rate
    WHERE run_id = $run_id::INTEGER
      AND entity_type = 'practice'
)
SELECT
    practice_id,
    coalesce(p.name, practice_id) AS name
FROM practice AS p
FULL JOIN run_practice AS r USING (practice_id)
-- A CCLF feed is CMS's claims for the ACO, registered like a source but not a member practice.
WHERE p.source_format IS DISTINCT FROM 'cclf'
ORDER BY
    practice_id = 'Unattributed',
    practice_id;
