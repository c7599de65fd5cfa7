-- Records DuckDB's CSV reader rejected, as rejected_row (docs/csv-extract.md, reject reasons).
-- Grain: one row per rejected record (DuckDB may report several errors for one; the first is kept);
-- line_no is the record's physical line (csv_record). Parameters: $table.
INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
WITH errors AS (
    SELECT
        source_file_id,
        parser_line,
        arg_min({'error_type': error_type, 'message': error_message, 'csv_line': csv_line}, coalesce(column_idx, 0)) AS error
    FROM csv_parse_error
    GROUP BY source_file_id, parser_line
)
SELECT
    e.source_file_id,
    r.source_line,
    $table,
    NULL,
    CASE
        WHEN e.error.error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN 'WrongColumnCount'
        WHEN e.error.error_type = 'INVALID ENCODING' THEN 'InvalidEncoding'
        ELSE 'MalformedCsv'   -- unterminated or misplaced quote, line over the size limit
    END,
    e.error.message,
    -- csv_line can carry the line breaks around the record (and blank lines before it)
    left(trim(e.error.csv_line, chr(13) || chr(10)), 65536)
FROM errors e
LEFT JOIN csv_record r USING (source_file_id, parser_line);   -- kept even if its line were not found (counts.sql checks)
