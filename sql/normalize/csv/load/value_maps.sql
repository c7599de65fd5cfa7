-- The mapping files' `values` of the batch's files: per file and canonical column, local value ->
-- canonical one. Grain: one row per (file, column, local value). Parameters: $values (JSON array of
-- {source_file_id, column_name, local_value, canonical}).
CREATE OR REPLACE TEMP TABLE csv_value_map AS
SELECT
    v.source_file_id,
    v.column_name,
    v.local_value,
    v.canonical
FROM (
    SELECT unnest(from_json($values::JSON,
        '[{"source_file_id": "INTEGER", "column_name": "VARCHAR", "local_value": "VARCHAR", "canonical": "VARCHAR"}]'), recursive := true)
) v;
