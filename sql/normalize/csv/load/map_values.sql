-- Mapping file `values`: a column's local enumeration values -> canonical ones, each file by its own
-- source's mapping (csv_value_map); unlisted values stay, a value mapped to '' becomes NULL.
-- Identifiers: {{column}} (a canonical column of the table). Parameters: $column (the same name).
UPDATE csv_stage s
SET "{{column}}" = nullif(v.canonical, '')
FROM csv_value_map v
WHERE v.source_file_id = s.source_file_id
  AND v.column_name = $column
  AND v.local_value = s."{{column}}";
