-- Where each record of the batch's files starts, and which staged row or parse reject it is.
-- Grain: one row per record after the header (blank lines are not records: DuckDB skips them).
-- No parameters (the parse rejects are csv_parse_error, read_rows.sql).
-- The k-th record DuckDB accepted from a file is that file's csv_stage row k (_row).
CREATE OR REPLACE TEMP TABLE csv_record AS
WITH parse_rejects AS (
    SELECT DISTINCT
        source_file_id,
        parser_line
    FROM csv_parse_error
),
records AS (
    SELECT
        l.source_file_id,
        l.n AS source_line,
        l.parser_line,
        r.parser_line IS NOT NULL AS parse_rejected
    FROM csv_line l
    LEFT JOIN parse_rejects r USING (source_file_id, parser_line)
    WHERE l.starts_record
      AND l.parser_line > 1
      AND (l.text IS NOT NULL OR r.parser_line IS NOT NULL)
)
SELECT
    source_file_id,
    source_line,
    parser_line,
    parse_rejected,
    CASE WHEN NOT parse_rejected
         THEN row_number() OVER (PARTITION BY source_file_id, parse_rejected ORDER BY source_line)
    END AS stage_row
FROM records;
