-- Load status per practice and source file: what was sent, what loaded, what was rejected.
-- Grain: one row per source file (practices with no files yet appear once with NULL file columns).
SELECT
    p.practice_id,
    p.name AS practice_name,
    p.ehr,
    f.source_file_id,
    f.path,
    f.format,
    f.content,
    f.sha256,
    f.bytes,
    f.rows_read,
    f.rows_loaded,
    f.rows_rejected,
    f.status,
    f.loaded_at
FROM practice p
LEFT JOIN source_file f USING (practice_id)
ORDER BY p.practice_id, f.source_file_id;
