-- The payers a run's rates can be filtered by (SOP payer types in the results; 'Unknown' for none recorded).
-- Grain: one row per payer. Parameters: $run_id (INTEGER).
SELECT DISTINCT
    payer
FROM measure_rate_scope                             -- the cube's unstratified rows, network first
WHERE run_id = $run_id::INTEGER
  AND entity_type = 'network'
  AND payer <> '*'
ORDER BY payer;
