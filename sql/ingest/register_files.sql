-- Register the files of a load batch (inside its transaction, so they only show once loaded).
-- Parameters: $source_file_ids, $practice_ids, $paths, $formats, $sha256s, $bytes (lists of one length).
-- Grain: one source_file row per file.
INSERT INTO source_file (source_file_id, practice_id, path, format, sha256, bytes, status)
SELECT
    unnest($source_file_ids::INTEGER[]),
    unnest($practice_ids::VARCHAR[]),
    unnest($paths::VARCHAR[]),
    unnest($formats::VARCHAR[]),
    unnest($sha256s::VARCHAR[]),
    unnest($bytes::BIGINT[]),
    'loading';
