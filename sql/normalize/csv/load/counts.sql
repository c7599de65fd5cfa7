-- Rows read and rejected per file of the batch (read = loaded + rejected: every record is either
-- accepted by DuckDB or in its rejects), and the line-numbering check: every record start found in
-- csv_line matched a staged row or a DuckDB reject.
-- Grain: one row per file (csv_batch_file). No parameters.
WITH staged AS (
    SELECT source_file_id, count(*) AS n FROM csv_stage GROUP BY ALL
),
parse_rejects AS (
    SELECT source_file_id, count(DISTINCT parser_line) AS n FROM csv_parse_error GROUP BY ALL
),
records AS (
    SELECT
        source_file_id,
        count(*) FILTER (WHERE NOT parse_rejected) AS accepted,
        count(*) FILTER (WHERE parse_rejected) AS refused
    FROM csv_record
    GROUP BY ALL
),
rejected AS (
    SELECT source_file_id, count(*) AS n
    FROM rejected_row
    WHERE source_file_id IN (SELECT source_file_id FROM csv_batch_file)
    GROUP BY ALL
)
SELECT
    f.source_file_id,
    coalesce(s.n, 0) + coalesce(p.n, 0) AS read,
    coalesce(j.n, 0) AS rejected,
    coalesce(r.accepted, 0) = coalesce(s.n, 0) AND coalesce(r.refused, 0) = coalesce(p.n, 0) AS lines_matched
FROM csv_batch_file f
LEFT JOIN staged s USING (source_file_id)
LEFT JOIN parse_rejects p USING (source_file_id)
LEFT JOIN records r USING (source_file_id)
LEFT JOIN rejected j USING (source_file_id);
