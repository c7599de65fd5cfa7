-- Where each record of a CSV file starts, and which staged row or parse reject it is.
-- Grain: one row per record after the header (blank lines are not records: DuckDB skips them).
-- Parameters: $rejects_table (rejects of read_rows.sql).
-- The k-th record DuckDB accepted is csv_stage row k (_row), since read_rows.sql keeps file order.
CREATE OR REPLACE TEMP TABLE csv_record AS
WITH parse_rejects AS (
    SELECT DISTINCT
        line AS parser_line
    FROM query_table($rejects_table)
),
records AS (
    SELECT
        l.n AS source_line,
        l.parser_line,
        r.parser_line IS NOT NULL AS parse_rejected
    FROM csv_line l
    LEFT JOIN parse_rejects r USING (parser_line)
    WHERE l.starts_record
      AND l.parser_line > 1
      AND (l.text IS NOT NULL OR r.parser_line IS NOT NULL)
)
SELECT
    source_line,
    parser_line,
    parse_rejected,
    CASE WHEN NOT parse_rejected
         THEN row_number() OVER (PARTITION BY parse_rejected ORDER BY source_line)
    END AS stage_row
FROM records;
