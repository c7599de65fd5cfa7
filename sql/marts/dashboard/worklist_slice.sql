-- A stored worklist slice (sql/marts/build/worklist_slice.sql) as sent, and when the marts holding it were
-- built (its version, for the response's ETag).
-- Grain: one row, or none. Parameters: $run_id (INTEGER), $seen_by (a practice or '*'), $measure_id (or '*'),
-- $group_id (a group or '*').
SELECT
    s.ipc_gzip,
    s.truncated,
    s.patients,
    epoch_ms(m.built_at) AS built_at_ms
FROM worklist_slice AS s
JOIN dashboard_mart_run AS m USING (run_id)
WHERE s.run_id = $run_id::INTEGER
  AND s.seen_by = $seen_by::VARCHAR
  AND s.measure_id = $measure_id::VARCHAR
  AND s.group_id = $group_id::VARCHAR;
