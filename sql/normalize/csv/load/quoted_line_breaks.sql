-- Whether some line of some file of the batch leaves a quoted field open, i.e. a record spans lines
-- (lines.sql). Grain: one row. No parameters.
SELECT
    coalesce(bool_or(opens), false) AS found
FROM csv_line;
