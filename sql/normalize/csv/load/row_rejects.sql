-- Rows with a problem (from sql/normalize/csv/<table>.sql, missing_columns.sql, duplicates.sql), as
-- rejected_row. Grain: one row per rejected data row; raw = the record's physical lines as sent.
-- Parameters: $table.
INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
WITH rejected AS (
    SELECT
        source_file_id,
        source_line,
        record_id,
        problem
    FROM csv_checked
    WHERE problem IS NOT NULL
),
raw_text AS (
    SELECT
        l.source_file_id,
        l.record_line AS source_line,
        string_agg(coalesce(l.text, ''), chr(10) ORDER BY l.n) AS raw
    FROM csv_line l
    SEMI JOIN rejected r ON r.source_file_id = l.source_file_id AND r.source_line = l.record_line
    GROUP BY l.source_file_id, l.record_line
)
SELECT
    r.source_file_id,
    r.source_line,
    $table,
    r.record_id,
    r.problem.reason,
    r.problem.detail,
    left(t.raw, 65536)
FROM rejected r
LEFT JOIN raw_text t USING (source_file_id, source_line);
