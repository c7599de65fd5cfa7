-- The measure run an export reads. Grain: one row, or none.
-- Parameters: $run_id (INTEGER or NULL), $period_year (INTEGER or NULL: the measurement year asked for).
-- Without either, the latest finished run whose measurement period is complete (period_end on or before
-- the run's data cut-off as_of) wins, then the latest finished run: payers and CMS take whole periods.
SELECT
    run_id,
    period_start,
    period_end,
    as_of,
    finished_at,
    attribution_method,
    measures
FROM measure_run
WHERE status = 'finished'
  AND ($run_id::INTEGER IS NULL OR run_id = $run_id::INTEGER)
  AND ($period_year::INTEGER IS NULL OR year(period_start) = $period_year::INTEGER)
ORDER BY
    ($run_id::INTEGER IS NULL AND $period_year::INTEGER IS NULL AND period_end <= as_of) DESC,
    finished_at DESC,
    run_id DESC
LIMIT 1;
