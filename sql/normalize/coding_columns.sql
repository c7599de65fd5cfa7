-- Every coding column of the core tables: a STRUCT(system, code, display)[] in a table that also carries
-- source_file_id. The code map is applied to each. No parameters. Grain: one row per (table, column).
WITH coding AS (
    SELECT table_name, column_name
    FROM duckdb_columns()
    WHERE database_name = current_database()
      AND schema_name = 'main'
      AND data_type = 'STRUCT("system" VARCHAR, code VARCHAR, display VARCHAR)[]'
)
SELECT c.table_name, c.column_name
FROM coding c
WHERE EXISTS (
    SELECT 1
    FROM duckdb_columns() f
    WHERE f.database_name = current_database()
      AND f.schema_name = 'main'
      AND f.table_name = c.table_name
      AND f.column_name = 'source_file_id'
)
ORDER BY c.table_name, c.column_name;
