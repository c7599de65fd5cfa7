-- Remove a failed file's registration before it is loaded again ((practice_id, sha256) is unique).
-- Parameters: $source_file_id.
DELETE FROM rejected_row WHERE source_file_id = $source_file_id;
DELETE FROM source_file_count WHERE source_file_id = $source_file_id;
DELETE FROM source_file WHERE source_file_id = $source_file_id AND status = 'failed';
