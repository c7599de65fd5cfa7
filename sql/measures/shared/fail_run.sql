-- Marks a measure run failed (its results were rolled back). Parameters: $run_id, $error.

UPDATE measure_run
SET
    status = 'failed',
    finished_at = current_timestamp,
    error = $error
WHERE run_id = $run_id;
