-- Closes a measure run: status and the enterprise patients considered (value sets: run_value_sets.sql).
-- Parameters: $run_id.

UPDATE measure_run
SET
    status = 'finished',
    finished_at = current_timestamp,
    patient_count = (SELECT count(DISTINCT patient_id) FROM patient_record_link)
WHERE run_id = $run_id;
