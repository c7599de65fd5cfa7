-- A file this practice already sent with the same content (sha256), if any: loaded or empty files are
-- skipped, a failed one is retried. Parameters: $practice_id, $sha256. Grain: at most one row.
SELECT
    source_file_id,
    status
FROM source_file
WHERE practice_id = $practice_id
  AND sha256 = $sha256;
