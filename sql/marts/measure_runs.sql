-- Finished measure runs, latest first: what the dashboard can show rates for.
-- Grain: one row per finished measure_run. No parameters.
SELECT
    run_id,
    period_start,
    period_end,
    as_of,
    finished_at,
    len(measures) AS measure_count
FROM measure_run
WHERE status = 'finished'
ORDER BY
    finished_at DESC,
    run_id DESC;
