-- The practices whose users see some of a run's open gaps (worklist_gap_seen): one stored worklist each.
-- Grain: one row per practice. Parameters: $run_id (INTEGER).
SELECT DISTINCT
    seen_by
FROM worklist_gap_seen
WHERE run_id = $run_id::INTEGER
ORDER BY seen_by;
