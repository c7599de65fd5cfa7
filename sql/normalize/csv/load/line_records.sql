-- Which physical line starts each record, in the files where some quoted field spans lines (see
-- lines.sql); the other files' lines stay as they are.
-- Grain: one row per physical line, replacing csv_line. No parameters.
CREATE OR REPLACE TEMP TABLE csv_line AS
WITH quoted AS (
    SELECT DISTINCT source_file_id FROM csv_line WHERE opens
),
before AS (
    -- over the lines before this one in its file: how many flip the state, and the last one whose end
    -- state does not depend on its start state (the anchor)
    SELECT
        *,
        coalesce(sum((opens AND NOT stays)::INTEGER) OVER preceding, 0) AS flips_before,
        max(CASE WHEN opens = stays THEN n END) OVER preceding AS anchor_line
    FROM csv_line
    SEMI JOIN quoted USING (source_file_id)
    WINDOW preceding AS (PARTITION BY source_file_id ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
starts AS (
    -- the state a line starts in: the anchor's end state (outside at the file start), toggled once per
    -- flipping line since; a line starting outside a quoted field starts a record
    SELECT
        b.source_file_id,
        b.n,
        b.text,
        b.opens,
        b.stays,
        (coalesce(a.opens::INTEGER, 0) + b.flips_before - coalesce(a.flips_before, 0)) % 2 = 0 AS starts_record
    FROM before b
    LEFT JOIN before a ON a.source_file_id = b.source_file_id AND a.n = b.anchor_line
)
SELECT
    source_file_id,
    n,
    text,
    opens,
    stays,
    starts_record,
    -- DuckDB's line number of a record (its rejects use it); blank lines count, continuation lines do not
    CASE WHEN starts_record THEN sum(starts_record::INTEGER) OVER file_order END AS parser_line,
    -- first physical line of the record this line belongs to
    max(CASE WHEN starts_record THEN n END) OVER file_order AS record_line
FROM starts
WINDOW file_order AS (PARTITION BY source_file_id ORDER BY n)
UNION ALL
SELECT *
FROM csv_line
ANTI JOIN quoted USING (source_file_id);
