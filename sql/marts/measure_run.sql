-- The measure run rates are read from: the run asked for, or the latest finished one.
-- Only finished runs count: a running or failed run has no (or no complete) results (server/measures/runner.ts).
-- Grain: one row, or none when there is no such finished run.
-- Parameters: $run_id (INTEGER, or NULL for the latest finished run).
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
ORDER BY
    finished_at DESC,
    run_id DESC
LIMIT 1;
