-- Register a file about to load (inside its load transaction, so it only shows once loaded).
-- Parameters: $practice_id, $path, $format, $sha256, $bytes. Grain: one source_file row; returns its id.
INSERT INTO source_file (practice_id, path, format, sha256, bytes, status)
VALUES ($practice_id, $path, $format, $sha256, $bytes, 'loading')
RETURNING source_file_id;
