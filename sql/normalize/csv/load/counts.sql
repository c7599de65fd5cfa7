-- Rows read and rejected for one CSV file (read = loaded + rejected: every record is either accepted by
-- DuckDB or in its rejects), and the line-numbering check: every record start found in csv_line matched
-- a staged row or a DuckDB reject.
-- Grain: one row. Parameters: $rejects_table, $source_file_id.
WITH parse_rejects AS (
    SELECT count(DISTINCT line) AS n FROM query_table($rejects_table)
)
SELECT
    (SELECT count(*) FROM csv_stage) + (SELECT n FROM parse_rejects) AS read,
    (SELECT count(*) FROM rejected_row WHERE source_file_id = $source_file_id) AS rejected,
    (SELECT count(*) FROM csv_record WHERE NOT parse_rejected) = (SELECT count(*) FROM csv_stage)
        AND (SELECT count(*) FROM csv_record WHERE parse_rejected) = (SELECT n FROM parse_rejects) AS lines_matched;
