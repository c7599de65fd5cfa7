-- Files with no data rows: one file-level rejected_row each (line_no NULL).
-- Parameters: $source_file_ids (INTEGER[]), $table, $detail.
INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
SELECT unnest($source_file_ids::INTEGER[]), NULL, $table, NULL, 'EmptyFile', $detail, NULL;
