-- The columns of a loader's staged temp table (e.g. fhir_out, csv_checked) and their types: which of its
-- core table's coding columns it carries. Parameters: $table. Grain: one row per column.
SELECT
    column_name,
    data_type
FROM duckdb_columns()
WHERE database_name = 'temp'
  AND table_name = $table;
