-- One practice's loaded files for the data-sources screen: what was sent, what loaded, what was rejected.
-- Grain: one row per source file of the practice (none for an unknown practice or one without files).
-- Parameters: $practice_id (VARCHAR).
SELECT
    f.practice_id,
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
FROM source_file AS f
WHERE f.practice_id = $practice_id::VARCHAR
ORDER BY f.source_file_id;
