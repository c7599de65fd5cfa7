-- Record a file that could not be loaded: a failed source_file and one file-level rejected_row.
-- Parameters: $practice_id, $path, $format, $sha256, $bytes, $load_ms, $reason, $detail.
INSERT INTO source_file (practice_id, path, format, sha256, bytes, status, load_ms)
VALUES ($practice_id, $path, $format, $sha256, $bytes, 'failed', $load_ms);

INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
SELECT source_file_id, NULL, NULL, NULL, $reason, $detail, NULL
FROM source_file
WHERE practice_id = $practice_id
  AND sha256 = $sha256;

SELECT source_file_id FROM source_file WHERE practice_id = $practice_id AND sha256 = $sha256;
