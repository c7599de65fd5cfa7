-- Whether a core table holds rows of one source file. Parameters: $source_file_id.
-- {{table}}: a core table from coding_columns.sql (the catalog). Grain: one row.
SELECT EXISTS (SELECT 1 FROM {{table}} WHERE source_file_id = $source_file_id) AS found;
