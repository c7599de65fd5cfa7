-- The files these practices already sent (by content, sha256): loaded or empty files are skipped, a failed
-- one is retried. Parameters: $practice_ids. Grain: one row per source_file of those practices.
SELECT
    practice_id,
    sha256,
    source_file_id,
    status
FROM source_file
WHERE practice_id IN (SELECT unnest($practice_ids::VARCHAR[]));
