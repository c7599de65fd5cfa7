-- code_map_apply.sql: the codings of one coding column of the batch's rows of {{table}}, one row per coding
-- (row_id = the row's rowid). Parameters: $source_file_ids. {{column}}: a coding column of the table
-- (coding_columns.sql).
SELECT rowid AS row_id, practice_id, unnest({{column}}) AS coding
FROM {{table}}
WHERE source_file_id IN (SELECT unnest($source_file_ids::INTEGER[]))
