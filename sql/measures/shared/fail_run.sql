-- Marks a measure run failed and deletes what it stored before failing (runner.ts commits step by step;
-- readers only take finished runs, so these rows were never visible). Parameters: $run_id, $error.

DELETE FROM measure_result WHERE run_id = $run_id;
DELETE FROM measure_run_value_set WHERE run_id = $run_id;
DELETE FROM measure_result_monthly WHERE run_id = $run_id;

UPDATE measure_run
SET
    status = 'failed',
    finished_at = current_timestamp,
    error = $error
WHERE run_id = $run_id;
