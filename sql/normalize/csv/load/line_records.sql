-- Which physical line starts each record when some quoted field spans lines (see lines.sql).
-- Grain: one row per physical line, replacing csv_line. No parameters.
CREATE OR REPLACE TEMP TABLE csv_line AS
WITH before AS (
    -- over the lines before this one: how many flip the state, and the last one whose end state does
    -- not depend on its start state (the anchor)
    SELECT
        *,
        coalesce(sum((opens AND NOT stays)::INTEGER) OVER preceding, 0) AS flips_before,
        max(CASE WHEN opens = stays THEN n END) OVER preceding AS anchor_line
    FROM csv_line
    WINDOW preceding AS (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
starts AS (
    -- the state a line starts in: the anchor's end state (outside at the file start), toggled once per
    -- flipping line since; a line starting outside a quoted field starts a record
    SELECT
        b.n,
        b.text,
        b.opens,
        b.stays,
        (coalesce(a.opens::INTEGER, 0) + b.flips_before - coalesce(a.flips_before, 0)) % 2 = 0 AS starts_record
    FROM before b
    LEFT JOIN before a ON a.n = b.anchor_line
)
SELECT
    n,
    text,
    opens,
    stays,
    starts_record,
    -- DuckDB's line number of a record (its rejects use it); blank lines count, continuation lines do not
    CASE WHEN starts_record THEN sum(starts_record::INTEGER) OVER (ORDER BY n) END AS parser_line,
    -- first physical line of the record this line belongs to
    max(CASE WHEN starts_record THEN n END) OVER (ORDER BY n) AS record_line
FROM starts;
