-- One stored worklist slice of a run as the Arrow IPC stream GET /api/worklist sends, built with the marts by
-- server/marts/worklist-stream.ts: what one practice's users see, or every practice's gaps of all or one
-- measure (one group, or '*' = all its groups).
-- Grain: one worklist_slice row. Parameters: $run_id (INTEGER), $seen_by, $measure_id, $group_id, $ipc_gzip (BLOB: the stream gzipped),
-- $truncated (BOOLEAN), $patients (INTEGER).
INSERT INTO worklist_slice (run_id, seen_by, measure_id, group_id, ipc_gzip, truncated, patients)
VALUES ($run_id::INTEGER, $seen_by::VARCHAR, $measure_id::VARCHAR, $group_id::VARCHAR, $ipc_gzip::BLOB, $truncated::BOOLEAN,
        $patients::INTEGER);
