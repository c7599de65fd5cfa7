-- A file with no data rows: one file-level rejected_row (line_no NULL).
-- Parameters: $source_file_id, $table, $detail.
INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
VALUES ($source_file_id, NULL, $table, NULL, 'EmptyFile', $detail, NULL);
