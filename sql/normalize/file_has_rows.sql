-- The core table {{table}} if it holds rows of the batch's source files. Parameters: $source_file_ids.
-- {{table}}: a core table from coding_columns.sql (the catalog). Grain: zero or one row; code-map.ts
-- joins one such SELECT per table with UNION ALL, so one statement answers for every table.
SELECT '{{table}}' AS table_name
WHERE EXISTS (SELECT 1 FROM {{table}} WHERE source_file_id IN (SELECT unnest($source_file_ids::INTEGER[])))
