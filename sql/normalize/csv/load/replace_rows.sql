-- Rows that passed every check go to their core table. A newer file replaces the rows with the same
-- (practice_id, source_id) in that table: delete, then insert (a claim's lines share its source_id).
-- Identifiers: {{table}} (the core table of the CSV table). Parameters: $practice_id.
-- Returns the number of rows inserted.
DELETE FROM {{table}}
WHERE practice_id = $practice_id
  AND source_id IN (SELECT source_id FROM csv_checked WHERE problem IS NULL);

INSERT INTO {{table}} BY NAME
SELECT
    * EXCLUDE (source_line, record_id, problem)
FROM csv_checked
WHERE problem IS NULL;
