-- When the header lacks a required column, every data row is rejected with that reason (none dropped):
-- the csv_checked rows row_rejects.sql turns into rejected_row.
-- Grain: one row per staged row. Parameters: $detail (which columns, as the header should name them).
CREATE OR REPLACE TEMP TABLE csv_checked AS
SELECT
    source_line,
    NULL::VARCHAR AS record_id,
    {'reason': 'MissingColumn', 'detail': $detail} AS problem
FROM csv_row;
