-- A record id sent twice in one file loads once: the first row that passed every check wins, later
-- ones are rejected as DuplicateId (loading both would give two rows one key).
-- Grain: updates csv_checked rows. No parameters.
UPDATE csv_checked c
SET problem = {'reason': 'DuplicateId', 'detail': 'same id as line ' || d.first_line}
FROM (
    SELECT
        source_file_id,
        source_line,
        first_value(source_line) OVER (PARTITION BY source_file_id, record_id ORDER BY source_line) AS first_line
    FROM csv_checked
    WHERE problem IS NULL
) d
WHERE c.source_file_id = d.source_file_id
  AND c.source_line = d.source_line
  AND d.first_line <> d.source_line;
