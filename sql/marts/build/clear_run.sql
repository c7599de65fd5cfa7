-- Removes one run's dashboard marts before they are (re)built. Parameters: $run_id (INTEGER).
DELETE FROM measure_rate WHERE run_id = $run_id::INTEGER;
DELETE FROM measure_rate_scope WHERE run_id = $run_id::INTEGER;
DELETE FROM measure_trend WHERE run_id = $run_id::INTEGER;
DELETE FROM worklist_gap WHERE run_id = $run_id::INTEGER;
DELETE FROM worklist_text WHERE run_id = $run_id::INTEGER;
DELETE FROM worklist_gap_seen WHERE run_id = $run_id::INTEGER;
DELETE FROM worklist_slice WHERE run_id = $run_id::INTEGER;
DELETE FROM patient_card WHERE run_id = $run_id::INTEGER;
DELETE FROM patient_measure WHERE run_id = $run_id::INTEGER;
DELETE FROM patient_timeline WHERE run_id = $run_id::INTEGER;
DELETE FROM dashboard_mart_run WHERE run_id = $run_id::INTEGER;
