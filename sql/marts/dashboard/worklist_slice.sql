-- A stored worklist slice (sql/marts/build/worklist_slice.sql) as sent.
-- Grain: one row, or none. Parameters: $run_id (INTEGER), $seen_by (a practice or '*'), $measure_id (or '*'),
-- $group_id (a group or '*').
SELECT
    ipc_gzip,
    truncated,
    patients
FROM worklist_slice
WHERE run_id = $run_id::INTEGER
  AND seen_by = $seen_by::VARCHAR
  AND measure_id = $measure_id::VARCHAR
  AND group_id = $group_id::VARCHAR;
