-- Rejected rows summarised per practice, resource type and reason.
-- Grain: one row per (practice, resource_type, reason).
SELECT
    f.practice_id,
    r.resource_type,
    r.reason,
    count(*) AS rows_rejected
FROM rejected_row r
JOIN source_file f USING (source_file_id)
GROUP BY ALL
ORDER BY f.practice_id, rows_rejected DESC;
