-- Rows that passed every check go to their core table. A newer file replaces the rows with the same
-- (practice_id, source_id) in that table: delete, then insert (a claim's lines share its source_id). A
-- batch holds at most one file per practice, so no two of its rows replace each other.
-- Identifiers: {{table}} (the core table of the CSV table). No parameters.
-- Returns the rows inserted per file.
DELETE FROM {{table}} t
USING (SELECT DISTINCT practice_id, source_id FROM csv_checked WHERE problem IS NULL) AS replaced
WHERE t.practice_id = replaced.practice_id
  AND t.source_id = replaced.source_id;

INSERT INTO {{table}} BY NAME
SELECT
    * EXCLUDE (source_line, record_id, problem)
FROM csv_checked
WHERE problem IS NULL;

SELECT
    source_file_id,
    count(*) AS loaded
FROM csv_checked
WHERE problem IS NULL
GROUP BY ALL;
