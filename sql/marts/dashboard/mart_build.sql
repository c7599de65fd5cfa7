-- When a run's dashboard marts were built (dashboard_mart_run): what keeps a pool read from them current.
-- Grain: one row, or none before they are built. Parameters: $run_id (INTEGER).
SELECT
    built_at
FROM dashboard_mart_run
WHERE run_id = $run_id::INTEGER;
